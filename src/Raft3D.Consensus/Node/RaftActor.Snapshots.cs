using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Node;

/// <summary>Snapshots and log compaction: capture, serialise off the actor's thread, save, then compact.</summary>
public sealed partial class RaftActor
{
    /// <summary>
    /// Snapshots the state machine at the applied index: captures it here, serialises it on a
    /// thread of its own held to a share of a core (a large farm takes seconds of CPU, which on a
    /// busy host would otherwise delay heartbeats and journal writes), then compacts the in-memory
    /// log and saves the snapshot; journal events it covers are deleted once it is saved. Until
    /// then a crash simply recovers from the journal as before.
    /// </summary>
    private void StartSnapshot()
    {
        if (_snapshotInFlight is not null || _snapshotSerializing) return;
        if (_appliedIndex <= _core.SnapshotIndex)
        {
            foreach (var waiter in _snapshotWaiters) waiter.Tell(new SnapshotTaken(_core.SnapshotIndex, _core.SnapshotTerm, 0));
            _snapshotWaiters.Clear();
            return;
        }
        var index = _appliedIndex;
        var term = _core.TermAt(index)!.Value;
        var configuration = _core.ConfigurationAt(index);
        _snapshotStarted = Stopwatch.GetTimestamp();
        var state = _stateMachine.CaptureSnapshot();
        _snapshotSerializing = true;
        var segmentBytes = _settings.SnapshotSegmentBytes;
        BackgroundThread.Run("raft3d-snapshot", _settings.SnapshotCpuPercent, () =>
        {
            try
            {
                using var sink = new SnapshotDataWriter(segmentBytes);
                state.WriteTo(sink);
                return new SnapshotSerialized(index, term, configuration, sink.ToSnapshotData(), null);
            }
            catch (Exception e) { return new SnapshotSerialized(index, term, configuration, null, e); }
        }).PipeTo(Self);
    }

    private bool SnapshotDue() => SnapshotPolicy.IsDue(_appliedIndex, _core.SnapshotIndex, _core.LogBytesUpTo(_appliedIndex),
        _settings.SnapshotThresholdEntries, _settings.SnapshotThresholdBytes, _compactionRank, _compactionMembers);

    private void OnSnapshotSerialized(SnapshotSerialized serialized)
    {
        _snapshotSerializing = false;
        if (serialized.Error is not null || serialized.Data is null)
        {
            _logger.Error(serialized.Error, "Serialising the snapshot at index {0} failed; the log is kept", serialized.Index);
            FailSnapshotWaiters(serialized.Error ?? new InvalidOperationException("no snapshot data"));
            return;
        }
        if (serialized.Index <= _core.SnapshotIndex)
        {
            // The leader's snapshot, installed meanwhile, already covers this one.
            StartSnapshot();
            return;
        }
        _core.Compact(serialized.Index, serialized.Data);
        var record = new RaftSnapshot(serialized.Index, serialized.Term, ConfigurationCodec.Encode(serialized.Configuration),
            serialized.Data, 0, null, []);
        if (!NeedsSegments(serialized.Data))
        {
            SaveSnapshotRecord(record);
            return;
        }
        // The segments first, then the record that names them (OnSnapshotSegmentsSaved).
        var segments = AllocateSegments(serialized.Data);
        _snapshotInFlight = record with { Segments = segments };
        SaveSegments(segments, serialized.Data, OwnSnapshot);
    }

    /// <summary>
    /// Saves the snapshot's record with the term, vote and log suffix as of now: replay skips
    /// every journal event sent before this call, so the record must carry what they hold.
    /// </summary>
    private void SaveSnapshotRecord(RaftSnapshot record)
    {
        _snapshotInFlight = record with { CurrentTerm = _core.Term, VotedFor = _core.VotedFor, Suffix = _core.LogSuffix() };
        _snapshotSegmentFloor = record.Segments?.First ?? _nextSegment;
        SaveSnapshot(_snapshotInFlight);
        Flush();
    }

    private void OnSnapshotSegmentsSaved(SnapshotSegmentWriter.Saved saved)
    {
        if (_snapshotInFlight is not { } record || record.Segments != saved.Segments) return;
        if (_core.SnapshotIndex != record.Index)
        {
            // The leader's snapshot, installed meanwhile, replaced this one.
            _logger.Info("The snapshot at index {0} is superseded by the leader's at {1}; not saved", record.Index, _core.SnapshotIndex);
            _snapshotInFlight = null;
            StartSnapshot();
            return;
        }
        SaveSnapshotRecord(record);
    }

    private void OnSnapshotSegmentsFailed(SnapshotSegmentWriter.Failed failed)
    {
        _logger.Error(failed.Cause, "Saving the segments of the snapshot at index {0} failed; the log is kept", _snapshotInFlight?.Index);
        _snapshotInFlight = null;
        FailSnapshotWaiters(failed.Cause);
    }

    private void FailSnapshotWaiters(Exception cause)
    {
        foreach (var waiter in _snapshotWaiters) waiter.Tell(new Status.Failure(cause));
        _snapshotWaiters.Clear();
    }

    private void OnSnapshotSaved(SaveSnapshotSuccess success)
    {
        var snapshot = _snapshotInFlight!;
        _snapshotInFlight = null;
        if (_pruning.Covered(success.Metadata.SequenceNr) is { } bound) DeleteMessages(bound);
        _stateMachine.Compacted(snapshot.Index);
        DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        DeleteSegmentsBelow(_snapshotSegmentFloor);
        _logger.Info("Snapshot at index {0} (term {1}, {2} bytes) saved; log compacted, journal up to event {3} being deleted",
            snapshot.Index, snapshot.Term, snapshot.Data.Length, success.Metadata.SequenceNr);
        _metrics.SnapshotTaken(_snapshotStarted, snapshot.Data.Length);
        foreach (var waiter in _snapshotWaiters) waiter.Tell(new SnapshotTaken(snapshot.Index, snapshot.Term, snapshot.Data.Length));
        _snapshotWaiters.Clear();
        // Entries applied while this one was being saved may already be past the threshold.
        if (SnapshotDue()) StartSnapshot();
    }
}
