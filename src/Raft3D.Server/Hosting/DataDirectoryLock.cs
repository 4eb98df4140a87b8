namespace Raft3D.Server.Hosting;

/// <summary>
/// An exclusive lock on DATA/ID, held for the node's life: two processes (or two nodes in one
/// process) can never open one data directory, which would interleave two journals in one file.
/// The lock is the operating system's (flock, taken by FileShare.None), so it dies with the
/// process: a kill -9 leaves no stale lock behind.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "raft3d.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    public string Path => _file.Name;

    /// <summary>Creates DATA/ID if needed and locks it, or fails with one clear line.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = System.IO.Path.Combine(dataDirectory, FileName);
        try
        {
            Directory.CreateDirectory(dataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new StartupException($"-data: cannot write to {dataDirectory}: {e.Message}");
        }
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new StartupException($"-data: {dataDirectory} is in use by another running node (lock file {path}); " +
                                       "stop that node first, or give this one its own -id or -data");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"-data: cannot write to {dataDirectory}: {e.Message}");
        }
        // The holder's process id, for an operator looking at the file; the lock is what counts.
        file.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        file.Write(pid);
        file.Flush();
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}
