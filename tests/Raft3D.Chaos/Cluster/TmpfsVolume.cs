namespace Raft3D.Chaos.Cluster;

/// <summary>
/// A small tmpfs mounted on one node's data folder, so the disk nemesis can fill it (every
/// journal write then fails with "disk full") and free it again. Needs root; unmounted when
/// disposed (lazily, so a node still running cannot keep it busy) and at exit.
/// </summary>
public sealed class TmpfsVolume : IDisposable
{
    public const string FillerName = "chaos-filler";

    private readonly IDisposable _cleanup;
    private bool _mounted = true;

    private TmpfsVolume(string path, int megabytes)
    {
        Path = path;
        Megabytes = megabytes;
        _cleanup = Cleanup.Register(Unmount);
    }

    public string Path { get; }

    public int Megabytes { get; }

    private string Filler => System.IO.Path.Combine(Path, FillerName);

    /// <summary>Mounts a tmpfs of the given size on path (created if needed); null and why when it cannot.</summary>
    public static TmpfsVolume? TryMount(string path, int megabytes, out string? reason)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Shell.Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path);
        reason = code == 0 ? null : output;
        return code == 0 ? new TmpfsVolume(path, megabytes) : null;
    }

    /// <summary>Writes a filler file until the volume is full; returns the bytes written.</summary>
    public long Fill()
    {
        var buffer = new byte[1 << 16];
        long written = 0;
        try
        {
            using var file = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            while (written < (long)Megabytes << 20)
            {
                file.Write(buffer);
                written += buffer.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: full (a short write fills the last pages first), which is the point.
        }
        return written;
    }

    public void Free()
    {
        try
        {
            File.Delete(Filler);
        }
        catch (IOException)
        {
        }
    }

    private void Unmount()
    {
        if (!_mounted) return;
        _mounted = false;
        Shell.Run("umount", "-l", Path);
    }

    public void Dispose()
    {
        Unmount();
        _cleanup.Dispose();
    }
}
