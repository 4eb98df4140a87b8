using Akka.Actor;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Tests.Node;

namespace Raft3D.Consensus.Tests.Hosting;

/// <summary>A <see cref="RaftNode"/> in front of a test server's Raft actor, as AddRaftNode builds one for a host.</summary>
public static class RaftNodes
{
    /// <summary>Generous: the machine running the tests may be loaded.</summary>
    public static readonly RaftNodeOptions Patient = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

    public static RaftNode For(RaftTestNode node, RaftNodeOptions? options = null) => For(node.Id, node.Raft!, options);

    public static RaftNode For(string id, IActorRef raft, RaftNodeOptions? options = null) =>
        new(id, _ => new ValueTask<IActorRef>(raft), options ?? Patient);
}
