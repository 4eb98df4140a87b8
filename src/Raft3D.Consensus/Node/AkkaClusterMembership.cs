using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Raft3D.Consensus.Membership;
using Member = Raft3D.Consensus.Membership.Member;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Akka.Cluster beside Raft, when the actor system runs the cluster provider: the Raft
/// members form an Akka cluster, whose failure detector tells the status view which peers are
/// reachable. Raft's configuration stays the authority on who votes; Akka's membership only
/// follows it: a member is downed once Raft has committed its removal and it is gone, and never
/// because of a partition (downing is off, see <see cref="Serialization.RaftHocon.Cluster"/>).
/// </summary>
internal sealed class AkkaClusterMembership
{
    private readonly Cluster? _cluster;
    private readonly HashSet<Address> _unreachable = [];
    private readonly HashSet<Address> _present = [];

    private readonly ILoggingAdapter _log;

    /// <summary>The latest Raft configuration this server holds (null before it holds one).</summary>
    private ClusterConfiguration? _configuration;
    private bool _joined;

    public AkkaClusterMembership(ActorSystem system, IActorRef subscriber, ILoggingAdapter log)
    {
        _log = log;
        if (((ExtendedActorSystem)system).Provider is not Akka.Cluster.ClusterActorRefProvider) return;
        _cluster = Cluster.Get(system);
        _cluster.Subscribe(subscriber, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.IMemberEvent));
    }

    /// <summary>
    /// Joins the Akka cluster once this server is in a Raft configuration. Every server lists
    /// the seeds in configuration order, so all agree on the first seed, which alone may found
    /// a new Akka cluster when no other seed answers.
    /// </summary>
    public void OnConfiguration(ClusterConfiguration configuration, string selfId)
    {
        if (_cluster is null) return;
        _configuration = configuration;
        if (_joined || !configuration.Contains(selfId)) return;
        _cluster.JoinSeedNodes(configuration.All.Select(m => Address.Parse(m.RaftAddress)).ToList());
        _joined = true;
    }

    /// <summary>
    /// A member whose removal Raft committed is downed once it is gone, so that Akka stops
    /// watching for it. Downing one that still runs would get its incarnation quarantined by
    /// every peer for good: it could not be added back without restarting its process, and a
    /// configuration counting it as a voter could lose its quorum (FINDINGS.md §3). So a
    /// reachable one stays in the Akka cluster until it becomes unreachable while outside the
    /// configuration (<see cref="Handle"/>), or leaves.
    /// </summary>
    public void OnRemovalCommitted(Member member)
    {
        if (_cluster is null) return;
        var address = Address.Parse(member.RaftAddress);
        if (address.Equals(_cluster.SelfAddress)) return;
        if (_present.Contains(address) && !_unreachable.Contains(address))
            _log.Info("Server {0} was removed but still runs: kept in the Akka cluster, so that it can be added back, until it is unreachable", member.Id);
        else
            _cluster.Down(address);
    }

    /// <summary>An Akka member that this server's latest Raft configuration does not hold (never true before it holds one).</summary>
    private bool Outside(Address address) =>
        _configuration is { } configuration && configuration.All.Any() && configuration.All.All(m => !Address.Parse(m.RaftAddress).Equals(address));

    public void Handle(ClusterEvent.IClusterDomainEvent clusterEvent)
    {
        switch (clusterEvent)
        {
            case ClusterEvent.UnreachableMember e:
                _unreachable.Add(e.Member.Address);
                if (Outside(e.Member.Address)) _cluster?.Down(e.Member.Address);
                break;
            case ClusterEvent.ReachableMember e: _unreachable.Remove(e.Member.Address); break;
            case ClusterEvent.MemberRemoved e:
                _unreachable.Remove(e.Member.Address);
                _present.Remove(e.Member.Address);
                break;
            // A node that shut down cleanly leaves: it is gone, not unreachable.
            case ClusterEvent.MemberLeft or ClusterEvent.MemberExited:
                _present.Remove(((ClusterEvent.MemberStatusChange)clusterEvent).Member.Address);
                break;
            case ClusterEvent.MemberUp or ClusterEvent.MemberJoined or ClusterEvent.MemberWeaklyUp:
                _present.Add(((ClusterEvent.MemberStatusChange)clusterEvent).Member.Address);
                break;
        }
    }

    /// <summary>Whether a member is in the Akka cluster and its failure detector trusts it; null without Akka.Cluster.</summary>
    public bool? IsReachable(Member member)
    {
        if (_cluster is null) return null;
        var address = Address.Parse(member.RaftAddress);
        return _present.Contains(address) && !_unreachable.Contains(address);
    }

    public void Unsubscribe(IActorRef subscriber) => _cluster?.Unsubscribe(subscriber);
}
