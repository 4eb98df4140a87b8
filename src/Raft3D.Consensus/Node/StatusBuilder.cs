using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Node;

/// <summary>What <see cref="GetStatus"/> answers: this server's view of itself and of every member.</summary>
public static class StatusBuilder
{
    /// <param name="lastContact">When each peer's last message arrived.</param>
    /// <param name="reachable">Akka.Cluster's failure detector's view of a member, or null without a cluster.</param>
    /// <param name="healthyWindow">Without the failure detector, a member heard from within this window is healthy.</param>
    public static RaftStatus Build(RaftCore core, long appliedIndex, IReadOnlyDictionary<string, DateTimeOffset> lastContact,
        Func<Member, bool?> reachable, TimeSpan healthyWindow, DateTimeOffset now)
    {
        var leading = core.Role == RaftRole.Leader;
        var members = new List<MemberStatus>();
        foreach (var member in core.Configuration.All)
        {
            var self = member.Id == core.Id;
            long? match = self ? core.DurableIndex : core.Progress.TryGetValue(member.Id, out var p) ? p.MatchIndex : null;
            DateTimeOffset? contact = !self && lastContact.TryGetValue(member.Id, out var c) ? c : null;
            // Akka.Cluster's failure detector watches every pair of nodes; without it, only the
            // leader hears from everyone, so recent Raft contact is the measure.
            var healthy = self || (reachable(member) ?? (contact is { } seen && now - seen < healthyWindow));
            var progress = leading ? core.Progress.GetValueOrDefault(member.Id) : null;
            var sending = progress?.State == ProgressState.Snapshot;
            members.Add(new MemberStatus(member, core.Configuration.IsVoter(member.Id), leading || self ? match : null, contact, healthy,
                progress?.State.ToString().ToLowerInvariant(), sending ? progress!.SnapshotOffset : null, sending ? core.SnapshotSize : null));
        }
        var leader = core.LeaderId is { } id ? core.Configuration.Find(id) : null;
        return new RaftStatus(core.Id, core.Role, core.Term, core.LeaderId, leader, core.CommitIndex, appliedIndex,
            core.Log.LastIndex, core.Log.SnapshotIndex, core.Log.SnapshotTerm, members, core.Log.Count,
            core.Log.Bytes, core.SnapshotSize)
        {
            ClusterId = core.Configuration.ClusterId is { Length: > 0 } clusterId ? clusterId : null,
        };
    }
}
