using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Node;

/// <summary>
/// A Raft server as an actor: the I/O shell around <see cref="RaftCore"/>. It persists what
/// the core asks before anything that promises durability leaves (§5.2, §5.3), sends peer
/// messages over Akka.Remote, drives ticks, applies committed entries to the state machine,
/// answers clients, and switches behaviour with the role.
/// <para>
/// Everything it knows is rebuilt from its journal: if it fails and its supervisor restarts
/// it, the new instance recovers term, vote and log from disk and replays the state machine
/// from scratch, so a restart can never forget a vote (the hazard that broke akka-raft).
/// Peers are never DeathWatched: a watch across a long partition quarantines the link.
/// </para>
/// </summary>
public sealed partial class RaftActor : ReceivePersistentActor, IWithTimers
{
    private readonly RaftNodeSettings _settings;
    private readonly ILoggingAdapter _logger = Context.GetLogger();
    private readonly RaftMetrics _metrics;
    private bool _restarting;

    // The concerns the actor routes to; each is a class of its own, tested without an actor system.
    private readonly WritePipeline _writes = new();
    private readonly ProposalBatcher _batcher;
    private readonly JournalPruning _pruning;
    private readonly PendingProposals _pendingProposals = new();
    private readonly PendingProposals _pendingConfigurations = new();
    private readonly MembershipChangeQueue _queuedMembershipChanges = new();
    private readonly PendingReads _pendingReads = new();
    private readonly ForwardedProposals _forwardedProposals;
    private readonly PeerGate _peerGate;
    private readonly PeerDirectory<IActorRef> _peers;
    private readonly Dictionary<string, DateTimeOffset> _lastContact = [];
    private readonly Dictionary<long, Activity> _traces = [];
    private Activity? _batchTrace;
    private IActorRef? _transferReplyTo;

    private static readonly ProposeResult LeaderLostBeforeAnswering = new ProposeResult.OutcomeUnknown(
        "the leader this write was passed to was lost before it answered; it may or may not have been applied");

    // Recovered durable state, handed to the core once recovery completes.
    private RecoveredState? _recovery = new();
    private long _recoveredEvents;
    private readonly DateTime _recoveryStarted = DateTime.UtcNow;

    // Snapshots this node takes of itself.
    private readonly List<IActorRef> _snapshotWaiters = [];
    private RaftSnapshot? _snapshotInFlight;
    private bool _snapshotSerializing;
    private long _snapshotStarted;

    private RaftCore _core = null!;
    private IStateMachine _stateMachine = null!;
    private long _lastStampMs;
    private RaftRole _role;
    private long _loggedTerm;
    private string? _loggedLeader;
    private long _appliedIndex;
    private bool _wasMember;
    private AkkaClusterMembership _akkaCluster = null!;
    private ClusterConfiguration _committedConfiguration = ClusterConfiguration.Empty;
    private long _knownConfigurationIndex = -1;
    private int _compactionRank;
    private int _compactionMembers = 1;
    private readonly HashSet<string> _snapshotTransfers = [];

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>A snapshot's state, serialised off the actor's thread, back for saving.</summary>
    private sealed record SnapshotSerialized(long Index, long Term, ClusterConfiguration Configuration, Snapshots.SnapshotData? Data, Exception? Error);

    /// <summary>Deletes the journal's events up to ToSequenceNr (<see cref="JournalPruning"/>).</summary>
    private sealed record PruneJournal(long ToSequenceNr);

    private sealed class FlushProposals
    {
        public static readonly FlushProposals Instance = new();
    }

    public RaftActor(RaftNodeSettings settings)
    {
        _settings = settings;
        _metrics = new RaftMetrics(settings.NodeId);
        _peerGate = new PeerGate(_logger);
        // Forwarded writes unanswered for 40 election timeouts (20 s by default) are forgotten:
        // their clients gave up long before.
        var provider = ((ExtendedActorSystem)Context.System).Provider;
        // Their answers come back through this actor, which gives them once it has applied the write.
        _forwardedProposals = new ForwardedProposals(provider, 40 * settings.Options.ElectionTicks, Self);
        _peers = new PeerDirectory<IActorRef>(address => provider.ResolveActorRef(ActorPath.Parse($"{address}/user/{settings.ActorName}")));
        _batcher = new ProposalBatcher(settings.MaxProposalBatch, settings.Options.MaxAppendBytes, settings.MaxPendingProposals);
        // Recovery feeds what the journal holds to the core-to-be; the actor never builds the log.
        _pruning = new JournalPruning(settings.JournalDeleteBatch);
        Recover<SnapshotOffer>(offer =>
        {
            _pruning.Recovered(offer.Metadata.SequenceNr);
            JournalEvents.Replay(_recovery!, offer.Snapshot);
        });
        Recover<HardStateChanged>(Replay);
        Recover<EntriesAppended>(Replay);
        Recover<LogTruncated>(Replay);
        Recover<SnapshotInstalled>(Replay);
        Recover<RecoveryCompleted>(_ => Start());
    }

    private void Replay(object @event)
    {
        _recoveredEvents++;
        JournalEvents.Replay(_recovery!, @event);
    }

    public static Props Props(RaftNodeSettings settings) => Akka.Actor.Props.Create(() => new RaftActor(settings));

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    private void Start()
    {
        var recovered = _recovery!;
        _recovery = null;
        _nextSegment = recovered.NextSegment;
        if (recovered.PendingSegments is { } pending) LoadSegmentsThenRun(recovered, pending);
        else Run(recovered);
    }

    /// <summary>Starts the core and the state machine from what recovery read (its snapshot's segments included).</summary>
    private void Run(RecoveredState recovered)
    {
        _stateMachine = _settings.StateMachineFactory();
        if (recovered.SnapshotData is { } snapshotData)
        {
            using var stream = snapshotData.OpenRead();
            _stateMachine.Restore(recovered.SnapshotIndex, stream);
        }
        _appliedIndex = recovered.SnapshotIndex;
        var random = _settings.RandomSeed is { } seed ? new Random(seed) : new Random();
        _core = recovered.Start(_settings.NodeId, _settings.Options, random);
        _committedConfiguration = recovered.SnapshotConfiguration;
        _logger.Info("Raft node {0} recovered in {1:0} ms: term {2}, snapshot at {3}, log {4}, configuration {5}",
            _settings.NodeId, (DateTime.UtcNow - _recoveryStarted).TotalMilliseconds, _core.Term, _core.SnapshotIndex,
            $"{_core.FirstIndex}..{_core.LastIndex} ({_recoveredEvents} journal events replayed)", _core.Configuration);
        if (_settings.Bootstrap is { } restored && _settings.Restore is { } restore)
        {
            if (_core.BootstrapFromSnapshot(restored, restore.Index, restore.Term, Snapshots.SnapshotData.Of(restore.Data)))
                _logger.Info("Bootstrapped a new cluster from a backup at index {0} (term {1}, {2} bytes): {3}", restore.Index, restore.Term, restore.Data.Length, restored);
            else _logger.Warning("Node {0} already holds state; the backup to restore was ignored", _settings.NodeId);
        }
        else if (_settings.Bootstrap is { } bootstrap)
        {
            if (_core.Bootstrap(bootstrap)) _logger.Info("Bootstrapped a new cluster: {0}", bootstrap);
            else _logger.Info("Node {0} already holds state; bootstrap configuration ignored", _settings.NodeId);
        }
        if (_settings.ForceNewCluster is { } self) ForceNewCluster(self);
        _role = _core.Role;
        _loggedTerm = _core.Term;
        _wasMember = _core.Configuration.Contains(_settings.NodeId);
        ProbeJournalAfterFault();
        BecomeRole();
        _akkaCluster = new AkkaClusterMembership(Context.System, Self, _logger);
        Timers.StartPeriodicTimer("tick", Tick.Instance, _settings.TickInterval);
        Flush();
    }

    private void ForceNewCluster(Member self)
    {
        if (_core.ForceNewCluster(self) is not { } previous)
        {
            _logger.Warning("-force-new-cluster: node {0} is already the only voter of its cluster (or holds no state); nothing changed", _settings.NodeId);
            return;
        }
        // Loud on purpose: this overrides Raft's majority rule on an operator's word.
        _logger.Warning("""
            ************************************************************************
            FORCE NEW CLUSTER: node {0} makes itself the only voter, from its own log
            (last index {1}, term {2}). It replaces {3}.
            Every other node must be wiped and join again (-clean -join). Remove
            -force-new-cluster from this node's command line before its next restart.
            ************************************************************************
            """, _settings.NodeId, _core.LastIndex, _core.Term, previous);
    }

    protected override void PreStart()
    {
        ActorRegistry.For(Context.System).Register<RaftIncarnation>(Self, overwrite: true);
        base.PreStart();
    }

    protected override void PostStop()
    {
        _akkaCluster?.Unsubscribe(Self);
        if (_restarting) _metrics.Retire();
        else _metrics.Dispose();
        base.PostStop();
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // PostStop runs inside: the next incarnation takes over the metrics' names.
        _restarting = true;
        base.PreRestart(reason, message);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // A rejected write (e.g. it could not be serialised) must not be skipped silently: the
        // in-memory log would run ahead of the journal. Fail, and recover from the journal.
        base.OnPersistRejected(cause, @event, sequenceNr);
        throw new InvalidOperationException($"journal rejected event {sequenceNr}", cause);
    }
}
