using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Membership;

/// <summary>
/// Whether a peer message may reach the Raft core. Raft trusts every message it receives
/// (a higher term alone makes a server step down, §5.1), so a server only listens to its own
/// cluster's members; anything else (a removed server, a server of another cluster, a forger
/// that can reach the Raft port) is dropped before it can change term, leader or log.
/// </summary>
public static class PeerAdmission
{
    /// <param name="message">The message, with the sender's cluster id (empty from a v0.1.0 server).</param>
    /// <param name="clusterId">This server's cluster id (empty on data from before cluster ids).</param>
    /// <param name="configuration">The latest configuration in this server's log, committed or not (thesis §4.1).</param>
    /// <param name="configurationIndex">The index of that configuration's entry.</param>
    /// <param name="predecessor">
    /// The configuration before it while it is not committed (else null); asked only for a
    /// sender the latest one does not hold.
    /// </param>
    public static PeerVerdict Judge(IRaftMessage message, string clusterId, ClusterConfiguration configuration, long configurationIndex,
        Func<ClusterConfiguration?> predecessor)
    {
        // Either side may not know a cluster id: a v0.1.0 sender, or data from before them.
        if (clusterId.Length > 0 && message.ClusterId.Length > 0 && message.ClusterId != clusterId) return PeerVerdict.ForeignCluster;

        // A new server, empty until its leader's first AppendEntries or InstallSnapshot brings
        // it the configuration: it cannot know its members yet.
        if (configuration.Voters.Count == 0 && configuration.Learners.Count == 0) return PeerVerdict.Admit;

        if (configuration.Contains(message.From)) return PeerVerdict.Admit;

        // A server removed by a configuration that has not committed may still be needed to
        // elect a leader (thesis §4.2.2), and is still replicated to until the removal commits.
        if (predecessor() is { } previous && previous.Contains(message.From)) return PeerVerdict.Admit;

        // A follower that missed the configurations adding a server can be led by it: such a
        // leader names this cluster and has committed entries beyond this server's latest
        // configuration, which a removed server (whose removal this server holds) never has.
        if (clusterId.Length == 0 || message.ClusterId != clusterId) return PeerVerdict.NotAMember;
        return message switch
        {
            AppendEntries append when append.LeaderCommit > configurationIndex => PeerVerdict.Admit,
            InstallSnapshot snapshot when snapshot.LastIncludedIndex > configurationIndex => PeerVerdict.Admit,
            _ => PeerVerdict.NotAMember,
        };
    }
}
