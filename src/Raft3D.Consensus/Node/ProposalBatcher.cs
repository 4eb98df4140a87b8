using Akka.Actor;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Node;

/// <summary>
/// The leader's proposals held for the next batch (group commit, <see cref="GroupCommit"/>):
/// a batch starts once the previous one is committed or the held ones fill one, and takes at
/// most maxBatch proposals and maxBatchBytes of commands. One flush message at a time is in the
/// mailbox: proposals queued before it join the batch it starts.
/// </summary>
public sealed class ProposalBatcher(int maxBatch, long maxBatchBytes, int maxPending)
{
    private readonly List<HeldProposal> _held = [];
    private bool _flushScheduled;

    public readonly record struct HeldProposal(Propose Proposal, IActorRef ReplyTo);

    public int Count => _held.Count;

    /// <summary>Why a new proposal is refused (the leader holds too many writes already), or null.</summary>
    public string? Refusal(int proposedNotApplied) => GroupCommit.Refusal(_held.Count, proposedNotApplied, maxPending);

    /// <summary>Holds a proposal; true when the caller must send the flush message (none is on its way).</summary>
    public bool Hold(Propose proposal, IActorRef replyTo)
    {
        _held.Add(new HeldProposal(proposal, replyTo));
        return ScheduleFlush();
    }

    /// <summary>The flush message arrived: the next proposal schedules another.</summary>
    public void FlushArrived() => _flushScheduled = false;

    /// <summary>True when proposals are still held and no flush is on its way: the caller must send one.</summary>
    public bool ScheduleFlush()
    {
        if (_held.Count == 0 || _flushScheduled) return false;
        _flushScheduled = true;
        return true;
    }

    public bool MayStartBatch(long commitIndex, long lastIndex) =>
        GroupCommit.MayStartBatch(_held.Count, maxBatch, commitIndex, lastIndex);

    /// <summary>Takes the next batch, in arrival order, within the count and byte caps.</summary>
    public IReadOnlyList<HeldProposal> TakeBatch()
    {
        var count = GroupCommit.BatchCount(_held, static h => h.Proposal.Command.Length, maxBatch, maxBatchBytes);
        var batch = _held.GetRange(0, count);
        _held.RemoveRange(0, count);
        return batch;
    }

    /// <summary>Takes every held proposal (this server stopped leading: they go to the next leader).</summary>
    public IReadOnlyList<HeldProposal> TakeAll()
    {
        var all = _held.ToList();
        _held.Clear();
        return all;
    }
}
