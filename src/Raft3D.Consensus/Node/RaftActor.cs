using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Replication;
using Raft3D.Consensus.Snapshots;

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
    private readonly Dictionary<string, (string Address, IActorRef Ref)> _peers = [];
    private readonly Dictionary<string, DateTimeOffset> _lastContact = [];
    private readonly Dictionary<long, PendingProposal> _pendingProposals = [];
    private readonly ForwardedProposals _forwardedProposals;
    private readonly PeerGate _peerGate;
    private readonly RaftMetrics _metrics;
    private readonly Dictionary<long, Activity> _traces = [];
    private Activity? _batchTrace;
    private bool _restarting;

    private static readonly ProposeResult LeaderLostBeforeAnswering = new ProposeResult.OutcomeUnknown(
        "the leader this write was passed to was lost before it answered; it may or may not have been applied");
    private readonly List<(Propose Proposal, IActorRef ReplyTo)> _proposalBuffer = [];
    private readonly Dictionary<long, PendingRead> _pendingReads = [];
    private readonly PriorityQueue<long, long> _readsAwaitingApply = new();
    private readonly Dictionary<long, PendingProposal> _pendingConfigurations = [];
    private readonly Queue<(object Change, IActorRef ReplyTo)> _queuedMembershipChanges = new();
    private const int MaxQueuedMembershipChanges = 64;
    private readonly Dictionary<string, IActorRef> _senders = [];
    private IActorRef? _transferReplyTo;

    // Recovered durable state, handed to the core once recovery completes.
    private readonly RaftLog _log = new();
    private long _recoveredTerm;
    private string? _recoveredVote;
    private ClusterConfiguration _recoveredSnapshotConfiguration = ClusterConfiguration.Empty;
    private byte[]? _recoveredSnapshotData;
    private long _recoveredEvents;
    private readonly DateTime _recoveryStarted = DateTime.UtcNow;

    // Snapshots this node takes of itself.
    private readonly List<IActorRef> _snapshotWaiters = [];
    private RaftSnapshot? _snapshotInFlight;
    private bool _snapshotSerializing;
    private long _snapshotStarted;

    private RaftCore _core = null!;
    private IStateMachine _stateMachine = null!;
    private RaftRole _role;
    private long _loggedTerm;
    private string? _loggedLeader;
    private long _appliedIndex;

    /// <summary>
    /// Readies waiting for the journal, in order: those with events (HasWrite) until their write
    /// is durable, those without until every earlier one is complete. HoldsBack is
    /// Ready.HoldsBackLaterApplies as it was when the ready was queued, so that the count below
    /// comes down by exactly what it went up by.
    /// </summary>
    private readonly Queue<(Ready Ready, bool HasWrite, bool HoldsBack)> _readiesBehindWrites = new();

    // How many of those hold back later applies: kept as a count so that every flush need not
    // walk a queue that grows while this server's journal is held.
    private int _holdingBackApplies;
    private bool _proposalFlushScheduled;
    private long _nextReadId;
    private bool _wasMember;
    private AkkaClusterMembership _akkaCluster = null!;
    private ClusterConfiguration _committedConfiguration = ClusterConfiguration.Empty;
    private long _knownConfigurationIndex = -1;
    private int _compactionRank;
    private int _compactionMembers = 1;
    private readonly HashSet<string> _snapshotTransfers = [];

    private readonly record struct PendingProposal(long Term, IActorRef ReplyTo);

    private readonly record struct PendingRead(Func<IStateMachine, object?> Query, IActorRef ReplyTo);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>A snapshot's state, serialised off the actor's thread, back for saving.</summary>
    private sealed record SnapshotSerialized(long Index, long Term, ClusterConfiguration Configuration, byte[]? Data, Exception? Error);

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
        _forwardedProposals = new ForwardedProposals(((ExtendedActorSystem)Context.System).Provider, 40 * settings.Options.ElectionTicks);
        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (RaftSnapshot)offer.Snapshot;
            _recoveredTerm = snapshot.CurrentTerm;
            _recoveredVote = snapshot.VotedFor;
            _log.ResetTo(snapshot.Index, snapshot.Term);
            _log.Append(snapshot.Suffix);
            _recoveredSnapshotConfiguration = ConfigurationCodec.Decode(snapshot.Configuration);
            _recoveredSnapshotData = snapshot.Data;
        });
        Recover<HardStateChanged>(e =>
        {
            _recoveredEvents++;
            _recoveredTerm = e.Term;
            _recoveredVote = e.VotedFor;
        });
        Recover<EntriesAppended>(e =>
        {
            _recoveredEvents++;
            // Entries the snapshot already covers (written while it was being taken) are skipped;
            // an overlap with the log is a rewrite of its suffix.
            var entries = e.Entries.Where(entry => entry.Index > _log.SnapshotIndex).ToList();
            if (entries.Count == 0) return;
            if (entries[0].Index <= _log.LastIndex) _log.TruncateFrom(entries[0].Index);
            _log.Append(entries);
        });
        Recover<LogTruncated>(e =>
        {
            _recoveredEvents++;
            if (e.FromIndex > _log.SnapshotIndex) _log.TruncateFrom(e.FromIndex);
        });
        Recover<SnapshotInstalled>(e =>
        {
            _recoveredEvents++;
            _log.ResetTo(e.Index, e.Term);
            _recoveredSnapshotConfiguration = ConfigurationCodec.Decode(e.Configuration);
            _recoveredSnapshotData = e.Data;
        });
        Recover<RecoveryCompleted>(_ => Start());
    }

    public static Props Props(RaftNodeSettings settings) => Akka.Actor.Props.Create(() => new RaftActor(settings));

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    private void Start()
    {
        _stateMachine = _settings.StateMachineFactory();
        if (_recoveredSnapshotData is not null) _stateMachine.Restore(_log.SnapshotIndex, _recoveredSnapshotData);
        _appliedIndex = _log.SnapshotIndex;
        var random = _settings.RandomSeed is { } seed ? new Random(seed) : new Random();
        _core = new RaftCore(_settings.NodeId, _settings.Options, random, _recoveredTerm, _recoveredVote, _log,
            _recoveredSnapshotConfiguration, _recoveredSnapshotData);
        _recoveredSnapshotData = null;
        _committedConfiguration = _recoveredSnapshotConfiguration;
        _logger.Info("Raft node {0} recovered in {1:0} ms: term {2}, snapshot at {3}, log {4}, configuration {5}",
            _settings.NodeId, (DateTime.UtcNow - _recoveryStarted).TotalMilliseconds, _core.Term, _log.SnapshotIndex,
            $"{_log.FirstIndex}..{_log.LastIndex} ({_recoveredEvents} journal events replayed)", _core.Configuration);
        if (_settings.Bootstrap is { } restored && _settings.Restore is { } restore)
        {
            if (_core.BootstrapFromSnapshot(restored, restore.Index, restore.Term, restore.Data))
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
        _akkaCluster = new AkkaClusterMembership(Context.System, Self);
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
            """, _settings.NodeId, _log.LastIndex, _core.Term, previous);
    }

    // ---------------------------------------------------------------- behaviours

    private void BecomeRole()
    {
        switch (_role)
        {
            case RaftRole.Leader: Become(Leading); break;
            case RaftRole.Candidate or RaftRole.PreCandidate: Become(Campaigning); break;
            default: Become(Following); break;
        }
    }

    private void Following()
    {
        ForwardClientRequests("no leader is known; retry shortly");
        Common();
    }

    private void Campaigning()
    {
        ForwardClientRequests($"no leader: an election is under way in term {_core.Term}");
        Common();
    }

    /// <summary>A server that is not the leader passes client requests on to the one it knows.</summary>
    private void ForwardClientRequests(string noLeader)
    {
        Command<Propose>(m => ForwardOrReject(m, Sender, new ProposeResult.NoLeader(noLeader)));
        Command<AddMember>(m => ForwardToLeader(m.Hops, h => m with { Hops = h }, new MembershipResult.NoLeader(noLeader)));
        Command<RemoveMember>(m => ForwardToLeader(m.Hops, h => m with { Hops = h }, new MembershipResult.NoLeader(noLeader)));
        Command<TransferLeadership>(m => ForwardToLeader(m.Hops, h => m with { Hops = h }, new TransferResult.NoLeader(noLeader)));
    }

    private void Leading()
    {
        Command<Propose>(proposal =>
        {
            if (GroupCommit.Refusal(_proposalBuffer.Count, _pendingProposals.Count, _settings.MaxPendingProposals) is { } refusal)
            {
                Sender.Tell(new ProposeResult.Overloaded(refusal));
                return;
            }
            _proposalBuffer.Add((proposal, Sender));
            ScheduleProposalFlush();
        });
        Command<FlushProposals>(_ =>
        {
            _proposalFlushScheduled = false;
            if (MayStartBatch()) ProposeBuffered();
        });
        Command<AddMember>(m => ChangeMembership(m, Sender));
        Command<RemoveMember>(m => ChangeMembership(m, Sender));
        Command<TransferLeadership>(m =>
        {
            if (_core.TransferLeadership(m.To) is { } rejection) Sender.Tell(new TransferResult.Rejected(rejection));
            else if (_core.TransferTarget is null) Sender.Tell(new TransferResult.Done(_settings.NodeId, _core.Term));
            else
            {
                _logger.Info("Handing leadership over to {0}", _core.TransferTarget);
                _transferReplyTo?.Tell(new TransferResult.Rejected("superseded by a newer transfer request"));
                _transferReplyTo = Sender;
            }
            Flush();
        });
        Common();
    }

    private void Common()
    {
        Command<Tick>(_ =>
        {
            _forwardedProposals.Tick();
            _core.Tick();
            _metrics.PublishReplication(_role != RaftRole.Leader ? [] : _core.Progress.Values
                .Where(p => p.Id != _settings.NodeId).Select(p => (p.Id, p.MatchIndex)), _log.LastIndex);
            Flush();
        });
        Command<IRaftMessage>(message =>
        {
            if (!_peerGate.Admits(message, _core)) return;
            _lastContact[message.From] = DateTimeOffset.UtcNow;
            // A server not yet in our configuration (we are joining) is answered through its ref.
            _senders[message.From] = Sender;
            _core.Step(message);
            Flush();
        });
        Command<Read>(HandleRead);
        Command<CaptureState>(m => HandleRead(new Read(CaptureForBackup, m.Consistency)));
        Command<GetStatus>(_ => Sender.Tell(Status()));
        Command<Akka.Cluster.ClusterEvent.IClusterDomainEvent>(e => _akkaCluster.Handle(e));
        Command<TakeSnapshot>(_ =>
        {
            _snapshotWaiters.Add(Sender);
            StartSnapshot();
        });
        Command<SnapshotSerialized>(OnSnapshotSerialized);
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(failure =>
        {
            _logger.Error(failure.Cause, "Saving the snapshot at index {0} failed; the log is kept", _snapshotInFlight?.Index);
            _snapshotInFlight = null;
            FailSnapshotWaiters(failure.Cause);
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => _logger.Warning("Deleting compacted journal events failed: {0}", failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _logger.Warning("Deleting old snapshots failed: {0}", failure.Cause.Message));
        Command<FlushProposals>(_ =>
        {
            _proposalFlushScheduled = false;
            RerouteBufferedProposals();
        });
    }

    // ---------------------------------------------------------------- proposals

    /// <summary>Hops stops a request chasing a leader that keeps moving.</summary>
    private void ForwardToLeader(int hops, Func<int, object> withHops, object noLeader)
    {
        var leader = _core.LeaderId;
        if (leader is null || leader == _settings.NodeId || hops >= 3 || Peer(leader) is not { } peer)
        {
            Sender.Tell(noLeader);
            return;
        }
        peer.Tell(withHops(hops + 1), Sender);
        _metrics.Forwarded("cluster");
    }

    private void ScheduleProposalFlush()
    {
        if (_proposalFlushScheduled) return;
        _proposalFlushScheduled = true;
        // Proposals already queued in the mailbox are handled before this, and join the batch.
        Self.Tell(FlushProposals.Instance);
    }

    private bool MayStartBatch() =>
        GroupCommit.MayStartBatch(_proposalBuffer.Count, _settings.MaxProposalBatch, _core.CommitIndex, _log.LastIndex);

    private void ProposeBuffered()
    {
        if (_proposalBuffer.Count == 0) return;
        var count = GroupCommit.BatchCount(_proposalBuffer, static b => b.Proposal.Command.Length, _settings.MaxProposalBatch,
            _settings.Options.MaxAppendBytes);
        var batch = _proposalBuffer.GetRange(0, count);
        _proposalBuffer.RemoveRange(0, batch.Count);
        var first = _core.Propose(batch.Select(b => b.Proposal.Command).ToList(), announceCommitAtOnce: batch.Any(b => b.Proposal.Hops > 0));
        if (first == 0)
        {
            foreach (var (proposal, replyTo) in batch) ForwardOrReject(proposal, replyTo);
        }
        else
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _pendingProposals[first + i] = new PendingProposal(_core.Term, batch[i].ReplyTo);
                if (RaftTracing.Replicate(batch[i].Proposal.TraceParent, _settings.NodeId, first + i, _core.Term, batch.Count) is { } trace)
                    _batchTrace ??= _traces[first + i] = trace;
            }
            _metrics.Batch(batch.Count);
        }
        if (_proposalBuffer.Count > 0) ScheduleProposalFlush();
        Flush();
    }

    private void RerouteBufferedProposals()
    {
        var buffered = _proposalBuffer.ToList();
        _proposalBuffer.Clear();
        foreach (var (proposal, replyTo) in buffered) ForwardOrReject(proposal, replyTo);
    }

    /// <summary>
    /// Passes a write on to the leader this server knows, through a relay that lets this server
    /// answer "outcome unknown" if that leader is lost first. Hops stops a write chasing a
    /// leader that keeps moving.
    /// </summary>
    private void ForwardOrReject(Propose proposal, IActorRef replyTo, ProposeResult? noLeader = null)
    {
        var leader = _core.LeaderId;
        if (leader is not null && leader != _settings.NodeId && proposal.Hops < 3 && Peer(leader) is { } peer)
        {
            var forwarded = proposal with { Hops = proposal.Hops + 1, TraceParent = RaftTracing.Forward(proposal.TraceParent, _settings.NodeId, leader) };
            peer.Tell(forwarded, _forwardedProposals.Add(replyTo, leader));
            _metrics.Forwarded("write");
        }
        else
        {
            replyTo.Tell(noLeader ?? new ProposeResult.NoLeader("no leader is known; retry shortly"));
            _metrics.ProposalFailed("no_leader");
        }
    }

    // ---------------------------------------------------------------- reads

    private void HandleRead(Read read)
    {
        if (read.Consistency == ReadConsistency.Local)
        {
            Serve(new PendingRead(read.Query, Sender));
            return;
        }
        var id = ++_nextReadId;
        _metrics.LinearizableRead();
        _pendingReads[id] = new PendingRead(read.Query, Sender);
        _core.RequestRead(id);
        Flush();
    }

    /// <summary>Runs where reads run, on this thread, so the capture and its index agree.</summary>
    private object CaptureForBackup(IStateMachine machine) =>
        new StateCaptured(_appliedIndex, _log.TermAt(_appliedIndex) ?? _log.SnapshotTerm, _core.Configuration.ClusterId, machine.CaptureSnapshot());

    private void ServeReadsUpToApplied()
    {
        while (_readsAwaitingApply.TryPeek(out var id, out var readIndex) && readIndex <= _appliedIndex)
        {
            _readsAwaitingApply.Dequeue();
            if (_pendingReads.Remove(id, out var read)) Serve(read);
        }
    }

    private void Serve(PendingRead read)
    {
        try
        {
            read.ReplyTo.Tell(new ReadResult.Served(read.Query(_stateMachine), _appliedIndex));
        }
        catch (Exception e)
        {
            read.ReplyTo.Tell(new Status.Failure(e));
        }
    }

    // ---------------------------------------------------------------- the core's output

    /// <summary>Carries out what the core asked (see <see cref="Ready"/> for the order and why).</summary>
    private void Flush()
    {
        var ready = _core.TakeReady();
        if (!ready.IsEmpty)
        {
            foreach (var envelope in ready.Messages) SendToPeer(envelope);
            ApplyCommittedAhead(ready);
            if (ready.Events.Count > 0)
            {
                WaitBehindWrites(ready, hasWrite: true);
                PersistAllAsync(ready.Events, _ => { });
                var written = Stopwatch.GetTimestamp();
                var journalTrace = RaftTracing.JournalWrite(_batchTrace, ready.Events.Count);
                _batchTrace = null;
                DeferAsync(ready, _ =>
                {
                    _metrics.JournalWritten(written);
                    journalTrace?.Stop();
                    CompleteWrittenReadies();
                });
            }
            else if (_readiesBehindWrites.Count > 0)
            {
                // Applies and answers stay in order behind every earlier ready still waiting for
                // its write: completing this one first would apply committed entries out of
                // order. It waits here, not in the journal: a journal batch of nothing but
                // deferrals is an empty write, which Akka.Persistence.Sql fails (and counts
                // against the journal's circuit breaker).
                WaitBehindWrites(ready, hasWrite: false);
            }
            else
            {
                Complete(ready);
            }
        }
        AfterStep();
    }

    /// <summary>
    /// Applies committed entries as soon as the core hands them out, when the ready allows it
    /// (<see cref="Ready.MayApplyCommittedAhead"/>): waiting for this server's own writes would
    /// hold every answer behind the leader's next batch, or behind a compaction holding its journal.
    /// </summary>
    private void ApplyCommittedAhead(Ready ready)
    {
        if (!ready.MayApplyCommittedAhead(_holdingBackApplies)) return;
        foreach (var entry in ready.CommittedEntries) Apply(entry);
        ready.CommittedEntries.Clear();
        ServeReadsUpToApplied();
    }

    /// <summary>
    /// The oldest write is durable: completes its ready, then the readies without events that
    /// came after it, up to the next one still waiting for its own write.
    /// </summary>
    private void CompleteWrittenReadies()
    {
        _settings.JournalHealth.Wrote();
        Complete(NextBehindWrites());
        while (_readiesBehindWrites.TryPeek(out var next) && !next.HasWrite) Complete(NextBehindWrites());
    }

    private void WaitBehindWrites(Ready ready, bool hasWrite)
    {
        var holdsBack = ready.HoldsBackLaterApplies;
        _readiesBehindWrites.Enqueue((ready, hasWrite, holdsBack));
        if (holdsBack) _holdingBackApplies++;
    }

    private Ready NextBehindWrites()
    {
        var (ready, _, holdsBack) = _readiesBehindWrites.Dequeue();
        if (holdsBack) _holdingBackApplies--;
        return ready;
    }

    private void Complete(Ready ready)
    {
        foreach (var envelope in ready.MessagesAfterPersist) SendToPeer(envelope);
        if (ready.InstalledSnapshot is var (snapshotIndex, data))
        {
            var restoring = Stopwatch.GetTimestamp();
            _stateMachine.Restore(snapshotIndex, data);
            _metrics.SnapshotInstalled(restoring, data.Length);
            _appliedIndex = snapshotIndex;
            // Commands this node proposed as an earlier leader that the snapshot covers are
            // never applied here one by one, so their own outcome cannot be told apart.
            foreach (var (covered, pending) in _pendingProposals.Where(p => p.Key <= snapshotIndex).ToList())
            {
                pending.ReplyTo.Tell(new ProposeResult.OutcomeUnknown("a snapshot replaced the log before the command's outcome was known"));
                _metrics.ProposalFailed("outcome_unknown");
                EndTrace(covered, "outcome unknown");
                _pendingProposals.Remove(covered);
            }
            _logger.Info("Installed the leader's snapshot at index {0} ({1} bytes)", snapshotIndex, data.Length);
        }
        if (ready.StableTo is var (index, term)) _core.OnStable(index, term);
        foreach (var entry in ready.CommittedEntries) Apply(entry);
        foreach (var read in ready.ReadStates) _readsAwaitingApply.Enqueue(read.RequestId, read.ReadIndex);
        foreach (var id in ready.FailedReads)
            if (_pendingReads.Remove(id, out var read))
                read.ReplyTo.Tell(new ReadResult.NoLeader("no leader could confirm the read; retry shortly"));
        ServeReadsUpToApplied();
        if (SnapshotDue() || ready.SnapshotRequested) StartSnapshot();
        // The commit this ready brings may be what the next batch waits for.
        if (_role == RaftRole.Leader && MayStartBatch()) ProposeBuffered();
        Flush();
    }

    private void Apply(LogEntry entry)
    {
        if (entry.Index != _appliedIndex + 1)
            throw new InvalidOperationException($"entry {entry.Index} handed out for apply after {_appliedIndex}: entries must apply in order, once");
        byte[]? result = null;
        switch (entry.Kind)
        {
            case EntryKind.Command:
                result = _stateMachine.Apply(entry.Index, entry.Data);
                break;
            case EntryKind.Configuration:
                var configuration = ConfigurationCodec.Decode(entry.Data);
                _logger.Info("Configuration at index {0} committed: {1}", entry.Index, configuration);
                foreach (var removed in _committedConfiguration.All.Where(m => !configuration.Contains(m.Id)))
                    _akkaCluster.OnRemovalCommitted(removed);
                _committedConfiguration = configuration;
                if (_pendingConfigurations.Remove(entry.Index, out var change))
                {
                    change.ReplyTo.Tell(change.Term == entry.Term
                        ? new MembershipResult.Done(entry.Index, configuration)
                        : new MembershipResult.NoLeader("leadership changed before the change committed; it was not applied"));
                }
                break;
        }
        _appliedIndex = entry.Index;
        if (!_pendingProposals.Remove(entry.Index, out var pending)) return;
        if (pending.Term == entry.Term && result is not null)
        {
            pending.ReplyTo.Tell(new ProposeResult.Applied(entry.Index, result));
            _metrics.ProposalCommitted();
            EndTrace(entry.Index, null);
        }
        else
        {
            // Another leader's entry took this index: ours was never committed.
            pending.ReplyTo.Tell(new ProposeResult.NoLeader("leadership changed before the command committed; it was not applied"));
            _metrics.ProposalFailed("not_committed");
            EndTrace(entry.Index, "not committed");
        }
    }

    private void EndTrace(long index, string? error)
    {
        if (_traces.Count > 0 && _traces.Remove(index, out var trace)) RaftTracing.End(trace, error);
    }

    private void AfterStep()
    {
        _metrics.Publish(_core.Role, _core.Term, _core.CommitIndex, _appliedIndex, _log.LastIndex);
        if (_core.ConfigurationIndex != _knownConfigurationIndex)
        {
            _knownConfigurationIndex = _core.ConfigurationIndex;
            _akkaCluster.OnConfiguration(_core.Configuration, _settings.NodeId);
            // Members compact at points spread by their rank (SnapshotPolicy.NextCompactionIndex).
            var members = _core.Configuration.All.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
            (_compactionRank, _compactionMembers) = (Math.Max(0, members.IndexOf(_settings.NodeId)), members.Count);
        }
        if (_role == RaftRole.Leader || _snapshotTransfers.Count > 0) LogSnapshotTransfers();
        if (_core.Term != _loggedTerm)
        {
            _logger.Info("Term {0} -> {1}", _loggedTerm, _core.Term);
            _loggedTerm = _core.Term;
        }
        if (_core.LeaderId != _loggedLeader)
        {
            _loggedLeader = _core.LeaderId;
            _forwardedProposals.LeaderChanged(_core.LeaderId, LeaderLostBeforeAnswering);
            if (_loggedLeader is not null)
            {
                _logger.Info("Leader is {0} in term {1}", _loggedLeader, _core.Term);
                _metrics.LeaderChanged();
            }
        }
        var member = _core.Configuration.Contains(_settings.NodeId);
        if (member != _wasMember)
        {
            if (member) _logger.Info("This node is a member of the cluster: {0}", _core.Configuration);
            else if (_wasMember) _logger.Warning("This node was removed from the cluster configuration; it no longer takes part");
            _wasMember = member;
        }
        if (_transferReplyTo is not null)
        {
            if (_core.Role != RaftRole.Leader && _core.LeaderId is not null && _core.LeaderId != _settings.NodeId)
            {
                _transferReplyTo.Tell(new TransferResult.Done(_core.LeaderId, _core.Term));
                _transferReplyTo = null;
            }
            else if (_core.Role == RaftRole.Leader && _core.TransferTarget is null)
            {
                _transferReplyTo.Tell(new TransferResult.Rejected("the target did not take over within an election timeout"));
                _transferReplyTo = null;
            }
        }
        StartQueuedMembershipChanges();
        if (_core.Role == _role) return;
        _logger.Info("Role {0} -> {1} in term {2}", _role, _core.Role, _core.Term);
        var wasLeader = _role == RaftRole.Leader;
        _role = _core.Role;
        if (wasLeader)
        {
            // Entries up to the commit index are committed even though this node no longer
            // leads (a removed leader steps down in the step that commits its removal, §4.2.2):
            // Apply answers those. Only the rest may or may not commit under the next leader.
            var committed = _core.CommitIndex;
            foreach (var (index, pending) in _pendingProposals.Where(p => p.Key > committed).ToList())
            {
                pending.ReplyTo.Tell(new ProposeResult.OutcomeUnknown("leadership was lost before the command was known to commit"));
                _metrics.ProposalFailed("outcome_unknown");
                EndTrace(index, "outcome unknown");
                _pendingProposals.Remove(index);
            }
            foreach (var (index, pending) in _pendingConfigurations.Where(p => p.Key > committed).ToList())
            {
                pending.ReplyTo.Tell(new MembershipResult.OutcomeUnknown("leadership was lost before the change was known to commit"));
                _pendingConfigurations.Remove(index);
            }
            RerouteBufferedProposals();
            // The new leader, if any, takes queued membership changes (the follower role forwards).
            while (_queuedMembershipChanges.TryDequeue(out var queued)) Self.Tell(queued.Change, queued.ReplyTo);
        }
        BecomeRole();
    }

    /// <summary>One line when a snapshot transfer to a follower starts and one when it ends.</summary>
    private void LogSnapshotTransfers()
    {
        foreach (var (id, progress) in _core.Progress)
        {
            if (progress.State == ProgressState.Snapshot && _snapshotTransfers.Add(id))
                _logger.Info("Sending snapshot at index {0} ({1} bytes) to {2}: its next entry is compacted", progress.SnapshotIndex, _core.SnapshotSize, id);
            else if (progress.State != ProgressState.Snapshot && _snapshotTransfers.Remove(id))
                _logger.Info("Snapshot transfer to {0} finished; it replicates from index {1}", id, progress.NextIndex);
        }
        foreach (var id in _snapshotTransfers.Where(id => !_core.Progress.ContainsKey(id)).ToList())
        {
            _snapshotTransfers.Remove(id);
            _logger.Info("Snapshot transfer to {0} abandoned (no longer leader, or it left the cluster)", id);
        }
    }

    // ---------------------------------------------------------------- peers and status

    private void SendToPeer(Core.Envelope envelope)
    {
        if (Peer(envelope.To) is { } peer) peer.Tell(PeerGate.Stamp(envelope.Message, _core.Configuration.ClusterId), Self);
    }

    /// <summary>The peer's Raft actor, resolved locally from its address (no network round trip).</summary>
    private IActorRef? Peer(string id)
    {
        var member = _core.Configuration.Find(id);
        if (member is null)
            return _peers.TryGetValue(id, out var known) ? known.Ref : _senders.GetValueOrDefault(id);
        if (_peers.TryGetValue(id, out var cached) && cached.Address == member.RaftAddress) return cached.Ref;
        var path = ActorPath.Parse($"{member.RaftAddress}/user/{_settings.ActorName}");
        var peer = ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(path);
        _peers[id] = (member.RaftAddress, peer);
        return peer;
    }

    private RaftStatus Status()
    {
        var now = DateTimeOffset.UtcNow;
        var healthyWindow = _settings.TickInterval * _settings.Options.ElectionTicks * 2;
        var members = new List<MemberStatus>();
        foreach (var member in _core.Configuration.All)
        {
            var self = member.Id == _settings.NodeId;
            long? match = self ? _core.DurableIndex : _core.Progress.TryGetValue(member.Id, out var p) ? p.MatchIndex : null;
            DateTimeOffset? contact = !self && _lastContact.TryGetValue(member.Id, out var c) ? c : null;
            // Akka.Cluster's failure detector watches every pair of nodes; without it, only the
            // leader hears from everyone, so recent Raft contact is the measure.
            var healthy = self || (_akkaCluster.IsReachable(member) ?? (contact is { } seen && now - seen < healthyWindow));
            var progress = _role == RaftRole.Leader ? _core.Progress.GetValueOrDefault(member.Id) : null;
            var sending = progress?.State == ProgressState.Snapshot;
            members.Add(new MemberStatus(member, _core.Configuration.IsVoter(member.Id), _role == RaftRole.Leader || self ? match : null, contact, healthy,
                progress?.State.ToString().ToLowerInvariant(), sending ? progress!.SnapshotOffset : null, sending ? _core.SnapshotSize : null));
        }
        var leader = _core.LeaderId is { } id ? _core.Configuration.Find(id) : null;
        return new RaftStatus(_settings.NodeId, _core.Role, _core.Term, _core.LeaderId, leader, _core.CommitIndex, _appliedIndex,
            _core.Log.LastIndex, _core.Log.SnapshotIndex, _core.Log.SnapshotTerm, members, _core.Log.Count,
            _core.Log.Bytes, _core.SnapshotSize)
        {
            ClusterId = _core.Configuration.ClusterId is { Length: > 0 } clusterId ? clusterId : null,
        };
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
