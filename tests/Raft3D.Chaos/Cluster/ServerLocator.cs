using System.Reflection;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// Finds Raft3D.Server.dll: the --server option, else $RAFT3D_SERVER_DLL, else the path this
/// build recorded (the server project is built first, in the same configuration), else the
/// newest src/Raft3D.Server/bin/*/net*/Raft3D.Server.dll above this program's folder.
/// </summary>
public static class ServerLocator
{
    public const string EnvironmentVariable = "RAFT3D_SERVER_DLL";

    public static string Find(string? explicitPath = null)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(explicitPath))
        {
            tried.Add(candidate);
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json"))) return Path.GetFullPath(candidate);
            if (explicitPath is not null) break;
        }
        throw new FileNotFoundException(
            $"Raft3D.Server.dll not found (tried {string.Join(", ", tried.DefaultIfEmpty("nothing"))}); build it with `dotnet build -c Release src/Raft3D.Server` or give --server PATH");
    }

    private static IEnumerable<string> Candidates(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            yield return explicitPath;
            yield break;
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment) yield return fromEnvironment;
        var recorded = typeof(ServerLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Raft3D.ServerDll")?.Value;
        if (recorded is not null) yield return recorded;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "src", "Raft3D.Server", "bin");
            if (!Directory.Exists(bin)) continue;
            foreach (var found in Directory.EnumerateFiles(bin, "Raft3D.Server.dll", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}publish{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                         .OrderByDescending(File.GetLastWriteTimeUtc))
                yield return found;
            yield break;
        }
    }
}
