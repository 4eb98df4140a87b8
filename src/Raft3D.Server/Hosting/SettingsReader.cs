using Akka.Configuration;
using Akka.Configuration.Hocon;
using Raft3D.Server.Flags;

namespace Raft3D.Server.Hosting;

/// <summary>
/// Reads raft3d.* settings from the merged configuration, strictly. The reference.conf files
/// built into Raft3D.Server and Raft3D.Consensus hold every default, so a missing key means a
/// broken build or layering (a key renamed in one place only) and fails with its name rather
/// than taking a value from the code. Records each path it reads, so that a test can hold the
/// readers and the reference configurations to the same keys.
/// </summary>
public sealed class SettingsReader(Config config)
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public Config Config { get; } = config;

    /// <summary>Every path read so far.</summary>
    public IReadOnlyCollection<string> Paths => _paths;

    /// <summary>A section of settings, which must be an object.</summary>
    public void RequireObject(string path)
    {
        if (!Config.HasPath(path)) throw Missing(path);
        var value = Config.GetValue(path);
        if (value is null || !value.IsObject()) throw new FlagException($"setting {path} must be an object {{ ... }}");
    }

    public string String(string path) => Read(path, c => c.GetString(path) ?? "");

    public bool Boolean(string path) => Read(path, c => c.GetBoolean(path));

    public int Positive(string path)
    {
        var value = Read(path, c => c.GetInt(path));
        return value > 0 ? value : throw new FlagException($"setting {path} must be above 0, not {value}");
    }

    /// <summary>An integer within [min, max].</summary>
    public int Between(string path, int min, int max)
    {
        var value = Read(path, c => c.GetInt(path));
        return value >= min && value <= max ? value : throw new FlagException($"setting {path} must be from {min} to {max}, not {value}");
    }

    /// <summary>A size (256KiB) above 0 that fits a message: at most int.MaxValue bytes.</summary>
    public long Bytes(string path)
    {
        var value = Read(path, c => c.GetByteSize(path) ?? 0);
        return value is > 0 and <= int.MaxValue ? value : throw new FlagException($"setting {path} must be above 0, not {value}");
    }

    /// <summary>A duration above 0.</summary>
    public TimeSpan Duration(string path)
    {
        var value = TimeSpanOrZero(path);
        return value > TimeSpan.Zero ? value : throw new FlagException($"setting {path} must be above 0");
    }

    /// <summary>A duration where 0 has a meaning of its own (off, never).</summary>
    public TimeSpan TimeSpanOrZero(string path) => Read(path, c => c.GetTimeSpan(path));

    public HoconValue Value(string path) => Read(path, c => c.GetValue(path));

    private T Read<T>(string path, Func<Config, T> read)
    {
        _paths.Add(path);
        bool present;
        try
        {
            present = Config.HasPath(path);
        }
        catch (Exception e)
        {
            throw Unreadable(path, e);
        }
        if (!present) throw Missing(path);
        try
        {
            return read(Config);
        }
        catch (FlagException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw Unreadable(path, e);
        }
    }

    private static FlagException Missing(string path) =>
        new($"setting {path} is missing: every raft3d setting has its default in a reference.conf built into the binaries, so this build is broken (a key renamed in one place only?)");

    private static FlagException Unreadable(string path, Exception e) =>
        new($"setting {path}: {e.Message.Split('\n', 2)[0].Trim()}");
}
