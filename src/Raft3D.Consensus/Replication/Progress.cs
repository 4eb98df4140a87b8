namespace Raft3D.Consensus.Replication;

public enum ProgressState
{
    /// <summary>Next index unknown: one AppendEntries at a time until one is accepted.</summary>
    Probe,

    /// <summary>Logs match up to MatchIndex: AppendEntries are pipelined, several in flight.</summary>
    Replicate,

    /// <summary>The entries it needs are compacted: a snapshot is being sent, appends wait (§7).</summary>
    Snapshot,
}

/// <summary>
/// The leader's view of one follower (Figure 2: nextIndex, matchIndex), plus the flow control
/// that pipelines replication (thesis §10.2.1), in the manner of etcd's tracker.Progress.
/// </summary>
public sealed class Progress(string id, long nextIndex, long session)
{
    private readonly Queue<long> _inflight = new();

    public string Id { get; } = id;

    /// <summary>Identifies this record in AppendEntries, so answers meant for an older record are dropped.</summary>
    public long Session { get; } = session;

    public long MatchIndex { get; private set; }

    public long NextIndex { get; private set; } = nextIndex;

    public ProgressState State { get; private set; } = ProgressState.Probe;

    /// <summary>In Probe, whether a probe is outstanding.</summary>
    public bool ProbeSent { get; private set; }

    /// <summary>Heard from since the last check-quorum round (thesis §6.2).</summary>
    public bool RecentActive { get; set; }

    /// <summary>Ticks since the follower last answered anything (autopilot's measure of a dead server).</summary>
    public int TicksSinceContact { get; set; }

    /// <summary>Highest ReadIndex round the follower has answered (thesis §6.4).</summary>
    public long AckedReadRound { get; set; }

    /// <summary>Ticks since the follower last answered an AppendEntries while some were in flight.</summary>
    public int TicksWithoutAck { get; set; }

    public int Inflight => _inflight.Count;

    /// <summary>
    /// A learner whose id was a voter before this index (a server that may have rejoined after
    /// losing its state) is brought up from a snapshot at or after it, never from older entries.
    /// </summary>
    public long MinimumSnapshotIndex { get; init; }

    /// <summary>While in Snapshot: the snapshot being sent, its index, and the next byte to send.</summary>
    public Snapshots.SnapshotImage? Snapshot { get; private set; }

    public long SnapshotIndex { get; private set; }

    public long SnapshotOffset { get; private set; }

    public bool CanSend(int maxInflight) => State switch
    {
        ProgressState.Probe => !ProbeSent,
        ProgressState.Replicate => _inflight.Count < maxInflight,
        _ => false,
    };

    public void BecomeSnapshot(Snapshots.SnapshotImage snapshot)
    {
        State = ProgressState.Snapshot;
        Snapshot = snapshot;
        SnapshotIndex = snapshot.Index;
        SnapshotOffset = 0;
        ProbeSent = false;
        _inflight.Clear();
        TicksWithoutAck = 0;
    }

    /// <summary>The follower expects nextOffset next (a gap or a restart moves it back).</summary>
    public void OnSnapshotProgress(long nextOffset)
    {
        TicksWithoutAck = 0;
        SnapshotOffset = nextOffset;
    }

    /// <summary>The follower installed a snapshot up to index: replication resumes after it.</summary>
    public void OnSnapshotInstalled(long index)
    {
        if (index > MatchIndex) MatchIndex = index;
        BecomeProbe(MatchIndex + 1);
    }

    /// <summary>Records an AppendEntries whose last entry is lastIndex.</summary>
    public void OnSent(long lastIndex)
    {
        if (State == ProgressState.Probe)
        {
            ProbeSent = true;
            return;
        }
        // Replicate: optimistically assume delivery, so the next batch follows at once (pipelining).
        NextIndex = Math.Max(NextIndex, lastIndex + 1);
        _inflight.Enqueue(lastIndex);
    }

    /// <summary>A successful answer; returns whether MatchIndex moved.</summary>
    public bool OnAccepted(long matchIndex)
    {
        TicksWithoutAck = 0;
        while (_inflight.Count > 0 && _inflight.Peek() <= matchIndex) _inflight.Dequeue();
        var moved = matchIndex > MatchIndex;
        if (moved) MatchIndex = matchIndex;
        NextIndex = Math.Max(NextIndex, matchIndex + 1);
        if (State == ProgressState.Probe)
        {
            State = ProgressState.Replicate;
            ProbeSent = false;
            NextIndex = MatchIndex + 1;
            _inflight.Clear();
        }
        return moved;
    }

    /// <summary>
    /// A rejection of the request whose PrevLogIndex was rejectedIndex; hintNext is where the
    /// conflict hint says to retry. Returns false for a stale rejection that changes nothing.
    /// </summary>
    public bool OnRejected(long rejectedIndex, long hintNext)
    {
        TicksWithoutAck = 0;
        if (State == ProgressState.Snapshot) return false; // answers to appends sent before the snapshot
        if (State == ProgressState.Replicate)
        {
            // Everything up to MatchIndex is known to match: a rejection there is from an older request.
            if (rejectedIndex <= MatchIndex) return false;
        }
        else if (rejectedIndex != NextIndex - 1)
        {
            return false;
        }
        BecomeProbe(Math.Clamp(hintNext, MatchIndex + 1, Math.Max(MatchIndex + 1, rejectedIndex)));
        return true;
    }

    /// <summary>Falls back to probing from nextIndex (after a rejection or a stall).</summary>
    public void BecomeProbe(long nextIndex)
    {
        State = ProgressState.Probe;
        Snapshot = null;
        ProbeSent = false;
        NextIndex = Math.Max(nextIndex, MatchIndex + 1);
        _inflight.Clear();
        TicksWithoutAck = 0;
    }

    /// <summary>Allows one more probe (a heartbeat answer shows the follower is alive).</summary>
    public void ResumeProbe() => ProbeSent = false;
}
