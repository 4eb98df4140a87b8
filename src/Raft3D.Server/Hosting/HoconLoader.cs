using System.Reflection;
using Akka.Configuration;
using Raft3D.Server.Flags;

namespace Raft3D.Server.Hosting;

/// <summary>
/// Loads the layered HOCON settings: the reference configurations (every default), the built-in
/// copies of hocon/*.conf, then the hocon/ folder found on disk (working directory first, then
/// next to the binary), then -config.
/// </summary>
public static class HoconLoader
{
    public const string FolderName = "hocon";

    public static (Config Config, IReadOnlyList<string> Sources) Load(string? extraFile)
    {
        var sources = new List<string>();
        var config = ServerReference.Load();
        sources.Add("reference.conf (built in)");
        var assembly = typeof(HoconLoader).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(FolderName + ".", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            config = Parse(reader.ReadToEnd(), $"built-in {resource}").WithFallback(config);
        }
        sources.Add("hocon/*.conf (built in)");

        if (FindFolder() is { } folder)
        {
            foreach (var file in Directory.GetFiles(folder, "*.conf").Order(StringComparer.Ordinal))
            {
                config = Parse(File.ReadAllText(file), file).WithFallback(config);
                sources.Add(file);
            }
        }

        if (extraFile is not null)
        {
            var path = Path.GetFullPath(extraFile);
            if (!File.Exists(path)) throw new FlagException($"-config {extraFile}: no such file");
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FlagException($"-config {extraFile}: cannot read it ({e.Message})");
            }
            config = Parse(text, $"-config {extraFile}").WithFallback(config);
            sources.Add(path);
        }
        return (config, sources);
    }

    /// <summary>hocon/ in the working directory (a repository checkout), else next to the binary.</summary>
    public static string? FindFolder()
    {
        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Path.GetDirectoryName(Assembly.GetEntryAssembly()?.Location) })
        {
            if (root is null) continue;
            var folder = Path.Combine(root, FolderName);
            if (File.Exists(Path.Combine(folder, "raft3d.conf"))) return folder;
        }
        return null;
    }

    private static Config Parse(string text, string source)
    {
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e)
        {
            throw new FlagException($"{source}: not valid HOCON ({FirstLine(e.Message)})");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
