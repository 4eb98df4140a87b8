using System.Diagnostics;
using System.Diagnostics.Metrics;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Core;

namespace Raft3D.Consensus.Diagnostics;

/// <summary>
/// What one Raft server reports through System.Diagnostics.Metrics (meter "Raft3D.Raft"); no
/// exporter here, the host chooses one. Gauges read values the actor publishes after each step
/// (plain fields: a scrape runs on another thread and must never touch the actor's collections);
/// counters and histograms are one call at the seam where the event happens. Every measurement
/// carries the node's id, so several nodes in one process (tests) stay apart; follower ids are
/// the only other open-ended label, and they are bounded by the cluster's size.
/// </summary>
public sealed class RaftMetrics : IDisposable
{
    public const string MeterName = "Raft3D.Raft";

    /// <summary>Journal writes take tens of microseconds on a fast disk and up to seconds on a held lock.</summary>
    private static readonly double[] JournalBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly double[] SnapshotSecondsBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30];
    private static readonly long[] SnapshotBytesBuckets = [1 << 10, 16 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20, 64 << 20, 256 << 20, 1 << 30];
    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private static readonly (RaftRole Role, string Name)[] Roles =
        [(RaftRole.Follower, "follower"), (RaftRole.PreCandidate, "pre_candidate"), (RaftRole.Candidate, "candidate"), (RaftRole.Leader, "leader"), (RaftRole.Learner, "learner")];

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _node;
    private readonly Counter<long> _leaderChanges;
    private readonly Counter<long> _committed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _linearizableReads;
    private readonly Counter<long> _snapshotsTaken;
    private readonly Counter<long> _snapshotsInstalled;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _journalWrite;
    private readonly Histogram<double> _snapshotSeconds;
    private readonly Histogram<long> _snapshotBytes;

    private int _role;
    private long _term;
    private long _commitIndex;
    private long _appliedIndex;
    private long _lastLogIndex;
    private (string Follower, long Lag)[] _lag = [];
    private bool _retired;

    public RaftMetrics(string nodeId)
    {
        NodeId = nodeId;
        _node = new("node", nodeId);
        // One Meter per server, so that stopping it (Dispose) ends exactly its own instruments.
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("raft3d.term", () => Measure(Volatile.Read(ref _term)), "{term}", "Current Raft term of this node");
        _meter.CreateObservableGauge("raft3d.is_leader", () => Measure(Volatile.Read(ref _role) == (int)RaftRole.Leader ? 1 : 0), null,
            "1 while this node is the leader, else 0");
        _meter.CreateObservableGauge("raft3d.role", RoleMeasurements, null, "1 for the role this node has now (label role), 0 for the others");
        _meter.CreateObservableGauge("raft3d.commit_index", () => Measure(Volatile.Read(ref _commitIndex)), "{entry}", "Highest log index known to be committed");
        _meter.CreateObservableGauge("raft3d.applied_index", () => Measure(Volatile.Read(ref _appliedIndex)), "{entry}", "Highest log index applied to the state machine");
        _meter.CreateObservableGauge("raft3d.last_log_index", () => Measure(Volatile.Read(ref _lastLogIndex)), "{entry}", "Index of the last entry in this node's log");
        _meter.CreateObservableGauge("raft3d.replication.lag", LagMeasurements, "{entry}",
            "On the leader: entries of its log a follower does not hold yet (label follower)");
        _leaderChanges = _meter.CreateCounter<long>("raft3d.leader_changes", "{change}", "Times this node saw a new leader");
        _committed = _meter.CreateCounter<long>("raft3d.proposals.committed", "{proposal}", "Client proposals this node led to commit and applied");
        _failed = _meter.CreateCounter<long>("raft3d.proposals.failed", "{proposal}",
            "Client proposals answered without being applied (label reason: no_leader, not_committed, outcome_unknown)");
        _forwarded = _meter.CreateCounter<long>("raft3d.forwarded_requests", "{request}", "Requests this node passed on to the leader (label kind: write, cluster)");
        _linearizableReads = _meter.CreateCounter<long>("raft3d.linearizable_reads", "{read}", "Linearizable reads this node was asked for");
        _snapshotsTaken = _meter.CreateCounter<long>("raft3d.snapshots.taken", "{snapshot}", "Snapshots this node took of its own state and saved");
        _snapshotsInstalled = _meter.CreateCounter<long>("raft3d.snapshots.installed", "{snapshot}", "Snapshots received from the leader and installed");
        // Every counter series exists from the start at 0, so that rate() and increase() see the first event.
        foreach (var counter in (Counter<long>[])[_leaderChanges, _committed, _linearizableReads, _snapshotsTaken, _snapshotsInstalled]) counter.Add(0, _node);
        foreach (var reason in (string[])["no_leader", "not_committed", "outcome_unknown"]) _failed.Add(0, _node, new("reason", reason));
        foreach (var kind in (string[])["write", "cluster"]) _forwarded.Add(0, _node, new("kind", kind));
        _batchSize = _meter.CreateHistogram("raft3d.proposal.batch_size", "{proposal}", "Proposals the leader put in one journal write and AppendEntries (group commit)",
            null, new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        _journalWrite = _meter.CreateHistogram("raft3d.journal.write.duration", "s", "From handing events to the journal until they are durable (queueing included)",
            null, new InstrumentAdvice<double> { HistogramBucketBoundaries = JournalBuckets });
        _snapshotSeconds = _meter.CreateHistogram("raft3d.snapshot.duration", "s", "Taking (capture, serialise, save) or installing a snapshot (label kind)",
            null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SnapshotSecondsBuckets });
        _snapshotBytes = _meter.CreateHistogram("raft3d.snapshot.size", "By", "Size of a snapshot taken or installed (label kind)",
            null, new InstrumentAdvice<long> { HistogramBucketBoundaries = SnapshotBytesBuckets });
    }

    public string NodeId { get; }

    /// <summary>The meter's instruments, for listeners that must tell one node's from another's.</summary>
    public Meter Meter => _meter;

    /// <summary>Called by the actor after each step: plain stores the gauges read from any thread.</summary>
    public void Publish(RaftRole role, long term, long commitIndex, long appliedIndex, long lastLogIndex)
    {
        Volatile.Write(ref _role, (int)role);
        Volatile.Write(ref _term, term);
        Volatile.Write(ref _commitIndex, commitIndex);
        Volatile.Write(ref _appliedIndex, appliedIndex);
        Volatile.Write(ref _lastLogIndex, lastLogIndex);
    }

    /// <summary>On the leader, every tick: each follower's lag behind the leader's last index. Elsewhere: none.</summary>
    public void PublishReplication(IEnumerable<(string Follower, long MatchIndex)> followers, long lastLogIndex)
    {
        var lag = followers.Select(f => (f.Follower, Math.Max(0, lastLogIndex - f.MatchIndex))).ToArray();
        if (lag.Length == 0 && Volatile.Read(ref _lag).Length == 0) return;
        Volatile.Write(ref _lag, lag);
    }

    public void LeaderChanged() => _leaderChanges.Add(1, _node);

    public void ProposalCommitted() => _committed.Add(1, _node);

    /// <summary>reason: no_leader (safe to retry), not_committed (another leader's entry took its place), outcome_unknown.</summary>
    public void ProposalFailed(string reason) => _failed.Add(1, _node, new("reason", reason));

    public void Forwarded(string kind) => _forwarded.Add(1, _node, new("kind", kind));

    public void LinearizableRead() => _linearizableReads.Add(1, _node);

    public void Batch(int proposals) => _batchSize.Record(proposals, _node);

    /// <summary>started: a <see cref="Stopwatch.GetTimestamp"/> taken when the events went to the journal.</summary>
    public void JournalWritten(long started) => _journalWrite.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _node);

    public void SnapshotTaken(long started, long bytes)
    {
        _snapshotsTaken.Add(1, _node);
        _snapshotSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _node, new("kind", "taken"));
        _snapshotBytes.Record(bytes, _node, new("kind", "taken"));
    }

    public void SnapshotInstalled(long started, long bytes)
    {
        _snapshotsInstalled.Add(1, _node);
        _snapshotSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _node, new("kind", "installed"));
        _snapshotBytes.Record(bytes, _node, new("kind", "installed"));
    }

    /// <summary>The node stops for good: its instruments end.</summary>
    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// The actor is restarting: a new incarnation creates its own RaftMetrics. This one's gauges
    /// go quiet but its instruments stay: exporters match instruments by name, and disposing
    /// these would end the series the new incarnation reports under the same names (seen as
    /// counters starting again from 0 in the OpenTelemetry SDK). Its counts stay in the sums.
    /// </summary>
    public void Retire() => Volatile.Write(ref _retired, true);

    private IEnumerable<Measurement<long>> Measure(long value) => Volatile.Read(ref _retired) ? [] : [new Measurement<long>(value, _node)];

    private IEnumerable<Measurement<int>> RoleMeasurements()
    {
        if (Volatile.Read(ref _retired)) yield break;
        var role = Volatile.Read(ref _role);
        foreach (var (value, name) in Roles)
            yield return new Measurement<int>((int)value == role ? 1 : 0, _node, new("role", name));
    }

    private IEnumerable<Measurement<long>> LagMeasurements()
    {
        if (Volatile.Read(ref _retired)) yield break;
        foreach (var (follower, lag) in Volatile.Read(ref _lag))
            yield return new Measurement<long>(lag, _node, new("follower", follower));
    }
}
