using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Core;

/// <summary>
/// What an operator does when the normal path is gone: start a new cluster from a backup, and
/// bring a cluster back from the one survivor of a lost majority (etcd's --force-new-cluster).
/// Both go through the journal like every other change, so they survive a crash.
/// </summary>
public sealed partial class RaftCore
{
    /// <summary>
    /// Starts a new cluster whose state is a backup taken at (index, term): the backup becomes
    /// this server's snapshot, so the log, and every object's version (its last change's index),
    /// continue after it instead of restarting at 1. Returns false, changing nothing, when this
    /// server already has state.
    /// </summary>
    public bool BootstrapFromSnapshot(ClusterConfiguration configuration, long index, long term, SnapshotData data)
    {
        if (Term > 0 || Log.LastIndex > 0) return false;
        if (index < 1 || term < 1) throw new ArgumentOutOfRangeException(nameof(index), $"a backup's index and term start at 1, not {index} and {term}");
        var encoded = ConfigurationCodec.Encode(configuration);
        Log.ResetTo(index, term);
        _snapshotConfiguration = configuration;
        _snapshotData = data;
        CommitIndex = index;
        _handedOutIndex = index;
        _durableIndex = index;
        SetConfiguration(configuration, index);
        _ready.InstallSnapshot(new SnapshotImage(index, term, encoded, data));
        _ready.StableTo = (index, term);
        SetHardState(term, null);
        Role = Configuration.IsLearner(Id) ? RaftRole.Learner : RaftRole.Follower;
        if (Configuration.Voters.Count == 1 && IsVoter) Campaign(preVote: false, transfer: false);
        return true;
    }

    /// <summary>
    /// Makes this server the only voter of its cluster, from its own log, when a majority is lost
    /// for good. Every entry it holds is kept (whatever it had committed, and what it had only
    /// received, which may have been acknowledged by a leader now gone): the new configuration is
    /// appended after them in a term of its own, and this server's election then commits it all.
    /// Returns the configuration it replaced, or null when there was nothing to do (no state, or
    /// already the only voter at these addresses).
    /// </summary>
    public ClusterConfiguration? ForceNewCluster(Member self)
    {
        if (self.Id != Id) throw new ArgumentException($"the forced member must be this server ({Id}), not {self.Id}", nameof(self));
        if (Term == 0 && Log.LastIndex == 0) return null;
        var previous = Configuration;
        var next = new ClusterConfiguration([self], []) { ClusterId = previous.ClusterId };
        if (previous.Equals(next)) return null;
        // A term of its own: a dead leader of the current term may have written a different entry
        // at the next index, and two entries with one index and term must be the same (§5.3).
        SetHardState(Term + 1, null);
        AppendToLog([new LogEntry(Log.LastIndex + 1, Term, EntryKind.Configuration, ConfigurationCodec.Encode(next))]);
        LeaderId = null;
        Role = RaftRole.Follower;
        _progress.Clear();
        Campaign(preVote: false, transfer: false);
        return previous;
    }
}
