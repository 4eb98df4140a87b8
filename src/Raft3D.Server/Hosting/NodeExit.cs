namespace Raft3D.Server.Hosting;

/// <summary>
/// The exit code of a node that stops itself (a journal that failed for too long): the host then
/// shuts down cleanly and <see cref="Raft3DApp.RunAsync"/> returns this code, so that a service
/// manager sees a failure and restarts the process.
/// </summary>
public sealed class NodeExit
{
    /// <summary>The journal failed for longer than raft3d.storage.give-up-after.</summary>
    public const int JournalFailed = 3;

    /// <summary>-join was refused (409): this node's data belongs to another cluster, or it is a voter that lost its data.</summary>
    public const int JoinRefused = 4;

    /// <summary>The actor system stopped by itself (not through the host): see <see cref="ActorSystemWatchdog"/>.</summary>
    public const int ActorSystemStopped = 5;

    private int _code;

    public int Code => Volatile.Read(ref _code);

    public void Fail(int code) => Interlocked.CompareExchange(ref _code, code, 0);
}
