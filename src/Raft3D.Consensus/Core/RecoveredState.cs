using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Core;

/// <summary>
/// A server's durable state as recovery reads it back, in the order it was written: the hard
/// state, the log, and the snapshot the log starts after. <see cref="Start"/> hands it to a new
/// core, which owns the log from then on.
/// </summary>
public sealed class RecoveredState
{
    private readonly RaftLog _log = new();
    private bool _started;

    public long Term { get; private set; }

    public string? VotedFor { get; private set; }

    /// <summary>The configuration as of the snapshot (later ones are entries of the log).</summary>
    public ClusterConfiguration SnapshotConfiguration { get; private set; } = ClusterConfiguration.Empty;

    /// <summary>The state machine's bytes at <see cref="SnapshotIndex"/>, or null with no snapshot (or until its segments are loaded).</summary>
    public SnapshotData? SnapshotData { get; private set; }

    /// <summary>
    /// Where the latest snapshot's bytes are when they were too large for its record: the host
    /// loads them (<see cref="SegmentsLoaded"/>) before <see cref="Start"/>. Only the latest
    /// snapshot's are ever loaded.
    /// </summary>
    public SnapshotSegments? PendingSegments { get; private set; }

    /// <summary>The segment numbers the next snapshot's segments may take (after every one a recovered record names).</summary>
    public long NextSegment { get; private set; } = 1;

    public long SnapshotIndex => _log.SnapshotIndex;

    public long FirstIndex => _log.FirstIndex;

    public long LastIndex => _log.LastIndex;

    public void HardState(long term, string? votedFor) => (Term, VotedFor) = (term, votedFor);

    /// <summary>
    /// Entries written in one go. Those a snapshot already covers (written while it was being
    /// taken) are skipped; an overlap with the log is a rewrite of its suffix (§5.3).
    /// </summary>
    public void Appended(IReadOnlyList<LogEntry> written)
    {
        var entries = written.Where(entry => entry.Index > _log.SnapshotIndex).ToList();
        if (entries.Count == 0) return;
        if (entries[0].Index <= _log.LastIndex) _log.TruncateFrom(entries[0].Index);
        _log.Append(entries);
    }

    /// <summary>The log lost its suffix from fromIndex (unless a later snapshot covers that point).</summary>
    public void Truncated(long fromIndex)
    {
        if (fromIndex > _log.SnapshotIndex) _log.TruncateFrom(fromIndex);
    }

    /// <summary>A snapshot replaced the whole log (§7).</summary>
    public void Snapshot(long index, long term, byte[] configuration, SnapshotData data, SnapshotSegments? segments = null)
    {
        _log.ResetTo(index, term);
        SnapshotConfiguration = ConfigurationCodec.Decode(configuration);
        SnapshotData = segments is null ? data : null;
        PendingSegments = segments;
        if (segments is not null) NextSegment = Math.Max(NextSegment, segments.Next);
    }

    /// <summary>The host read the latest snapshot's segments back.</summary>
    public void SegmentsLoaded(SnapshotData data)
    {
        if (PendingSegments is not { } pending) throw new InvalidOperationException("no snapshot segments to load");
        if (data.Length != pending.Length)
            throw new InvalidDataException($"the snapshot's segments hold {data.Length} bytes, its record says {pending.Length}");
        SnapshotData = data;
        PendingSegments = null;
    }

    /// <summary>The core that goes on from this state; it owns the log from now on (once only).</summary>
    public RaftCore Start(string id, RaftOptions options, Random random)
    {
        if (_started) throw new InvalidOperationException("a recovered state starts one core");
        if (PendingSegments is not null) throw new InvalidOperationException("the snapshot's segments are not loaded yet");
        _started = true;
        return new RaftCore(id, options, random, Term, VotedFor, _log, SnapshotConfiguration, SnapshotData);
    }
}
