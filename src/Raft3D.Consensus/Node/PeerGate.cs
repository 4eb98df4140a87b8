using Akka.Event;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Node;

/// <summary>
/// The Raft actor's door for peer messages: stamps this server's cluster id on what it sends,
/// and lets in only what <see cref="PeerAdmission"/> admits, logging drops (sender, type and
/// why; never a body) at most once per sender and reason every half minute.
/// </summary>
public sealed class PeerGate(ILoggingAdapter logger)
{
    private readonly DropReport _drops = new(TimeSpan.FromSeconds(30));

    public bool Admits(IRaftMessage message, RaftCore core)
    {
        var verdict = PeerAdmission.Judge(message, core.Configuration.ClusterId, core.Configuration, core.ConfigurationIndex,
            () => core.ConfigurationIndex > core.CommitIndex ? core.ConfigurationAt(core.ConfigurationIndex - 1) : null);
        if (verdict == PeerVerdict.Admit) return true;
        var dropped = _drops.Record($"{message.From}/{verdict}", DateTime.UtcNow);
        if (dropped > 0)
        {
            logger.Warning(verdict == PeerVerdict.ForeignCluster
                    ? "Dropped {0} Raft message(s) from {1} (last: {2}): it belongs to cluster {3}, this node to {4}"
                    : "Dropped {0} Raft message(s) from {1} (last: {2}): not a member of this cluster's configuration ({4})",
                dropped, message.From, message.GetType().Name, message.ClusterId, core.Configuration.ClusterId);
        }
        return false;
    }

    /// <summary>The message as it leaves this server: with its cluster id (none while it has none).</summary>
    public static IRaftMessage Stamp(IRaftMessage message, string clusterId) =>
        clusterId.Length > 0 && message is RaftMessage raft && message.ClusterId != clusterId
            ? (IRaftMessage)(raft with { ClusterId = clusterId })
            : message;
}
