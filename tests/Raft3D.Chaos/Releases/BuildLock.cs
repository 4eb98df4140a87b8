namespace Raft3D.Chaos.Releases;

/// <summary>An exclusive lock file, held while one process builds into a shared cache folder; the OS frees it if the process dies.</summary>
public sealed class BuildLock : IAsyncDisposable
{
    private readonly FileStream _file;

    private BuildLock(FileStream file) => _file = file;

    public static async Task<BuildLock> AcquireAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new BuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
