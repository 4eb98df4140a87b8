namespace Raft3D.Consensus.Node;

/// <summary>
/// The key under which the running incarnation of the Raft actor registers itself in Akka.Hosting's
/// actor registry; the supervisor in front of it is registered under <see cref="RaftActor"/>.
/// The host asks the incarnation directly: through the supervisor every write and read took one
/// more hand-off between threads. Peers keep addressing the supervisor, whose path stays the same
/// across restarts. One Raft server per actor system registers it (the host runs one; test
/// systems with several never read it).
/// </summary>
public sealed class RaftIncarnation
{
    private RaftIncarnation()
    {
    }
}
