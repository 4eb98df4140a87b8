using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Node;

/// <summary>The core's output: persist, send, apply and answer, in the order <see cref="Ready"/> gives.</summary>
public sealed partial class RaftActor
{
    /// <summary>Carries out what the core asked (see <see cref="Ready"/> for the order and why).</summary>
    private void Flush()
    {
        var ready = _core.TakeReady();
        if (!ready.IsEmpty)
        {
            foreach (var envelope in ready.Messages) SendToPeer(envelope);
            ApplyCommittedAhead(ready);
            if (ready.HasWrite)
            {
                _writes.AwaitWrite(ready);
                if (ready.Snapshot is { } installed && NeedsSegments(installed.Data)) SaveInstalledSnapshotSegments(ready, installed.Data);
                else Write(ready, null);
            }
            else if (_writes.MayCompleteWithoutWrite(ready))
            {
                Complete(ready);
            }
        }
        AfterStep();
        if (_installing is not null) BecomeSavingInstalledSnapshot();
    }

    /// <summary>Sends the ready's events to the journal; it completes once they are durable.</summary>
    /// <param name="segments">Where the snapshot it installs was saved, when too large for its event.</param>
    private void Write(Ready ready, SnapshotSegments? segments)
    {
        var events = JournalEvents.Of(ready, segments);
        PersistAllAsync(events, _ => { });
        var written = Stopwatch.GetTimestamp();
        var journalTrace = RaftTracing.JournalWrite(_batchTrace, events.Count);
        _batchTrace = null;
        // Once the installed snapshot is durable, no record recovery may read names older segments.
        var segmentFloor = ready.Snapshot is null ? 0 : segments?.First ?? _nextSegment;
        DeferAsync(ready, _ =>
        {
            _metrics.JournalWritten(written);
            journalTrace?.Stop();
            if (segmentFloor > 0) DeleteSegmentsBelow(segmentFloor);
            CompleteWrittenReadies();
        });
    }

    /// <summary>
    /// Applies committed entries as soon as the core hands them out, when the pipeline allows it
    /// (<see cref="WritePipeline.MayApplyAhead"/>): waiting for this server's own writes would
    /// hold every answer behind the leader's next batch, or behind a compaction holding its journal.
    /// </summary>
    private void ApplyCommittedAhead(Ready ready)
    {
        if (!_writes.MayApplyAhead(ready)) return;
        foreach (var entry in ready.CommittedEntries) Apply(entry);
        ready.CommittedEntries.Clear();
        ServeUpToApplied();
    }

    /// <summary>
    /// The oldest write is durable: completes its ready, then the readies without events that
    /// came after it, up to the next one still waiting for its own write.
    /// </summary>
    private void CompleteWrittenReadies()
    {
        _settings.JournalHealth.Wrote();
        Complete(_writes.Written());
        while (_writes.TryTakeFollowing(out var next)) Complete(next);
    }

    private void Complete(Ready ready)
    {
        foreach (var envelope in ready.MessagesAfterPersist) SendToPeer(envelope);
        if (ready.Snapshot is { } snapshot) RestoreSnapshot(snapshot.Index, snapshot.Data);
        if (ready.StableTo is var (index, term)) _core.OnStable(index, term);
        foreach (var entry in ready.CommittedEntries) Apply(entry);
        foreach (var read in ready.ReadStates) _pendingReads.Confirmed(read);
        foreach (var id in ready.FailedReads)
            if (_pendingReads.Fail(id) is { } read)
                read.ReplyTo.Tell(new ReadResult.NoLeader("no leader could confirm the read; retry shortly"));
        ServeUpToApplied();
        if (SnapshotDue() || ready.SnapshotRequested) StartSnapshot();
        // The commit this ready brings may be what the next batch waits for.
        if (_role == RaftRole.Leader && MayStartBatch()) ProposeBuffered();
        Flush();
    }

    private void RestoreSnapshot(long snapshotIndex, SnapshotData data)
    {
        var restoring = Stopwatch.GetTimestamp();
        using (var stream = data.OpenRead()) _stateMachine.Restore(snapshotIndex, stream);
        _metrics.SnapshotInstalled(restoring, data.Length);
        _appliedIndex = snapshotIndex;
        // Commands this node proposed as an earlier leader that the snapshot covers are
        // never applied here one by one, so their own outcome cannot be told apart.
        foreach (var (covered, pending) in _pendingProposals.TakeUpTo(snapshotIndex))
        {
            _metrics.ProposalFailed("outcome_unknown");
            pending.ReplyTo.Tell(new ProposeResult.OutcomeUnknown("a snapshot replaced the log before the command's outcome was known"));
            EndTrace(covered, "outcome unknown");
        }
        _logger.Info("Installed the leader's snapshot at index {0} ({1} bytes)", snapshotIndex, data.Length);
    }
}
