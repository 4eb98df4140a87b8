using System.Text;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// A deterministic discrete-event simulation of a Raft cluster: N RaftCores, a network that
/// delays, loses, duplicates, reorders and partitions messages, disks that make each Ready
/// durable after a delay, crashes that lose everything not yet durable, and clients. Hosts
/// compact their logs into snapshots as RaftActor does (§7), so lagging followers get the
/// leader's snapshot in chunks; and in most runs an operator adds and removes servers one at a
/// time (thesis §4), wiping a removed server's store before it rejoins. One seeded Random
/// drives all of it (the cores included), so a seed replays a run exactly.
/// </summary>
internal sealed class RaftSimulation
{
    // Events kept for the failure report; RAFT3D_SIM_TRACE=100000 keeps more when replaying a seed.
    private static readonly int TraceLength =
        Environment.GetEnvironmentVariable("RAFT3D_SIM_TRACE") is { Length: > 0 } t ? int.Parse(t) : 400;

    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly RaftOptions _raft;
    private readonly SimNode[] _nodes;
    private readonly Dictionary<string, SimNode> _byId;
    private readonly ClusterConfiguration _configuration;
    private readonly PriorityQueue<SimEvent, (long Time, long Sequence)> _queue = new();
    private readonly SafetyChecker _checker = new();
    private readonly Queue<string> _trace = new();
    private readonly SimClock _clock;
    private readonly SimFaults _faults;
    private double _loss;
    private double _duplication;
    private double _reordering;
    private readonly int _maxDelay;
    private readonly int _maxDiskDelay;
    private bool _faulty = true;
    private long _now;
    private long _sequence;
    private long _steps;
    private int _commands;
    private long _reads;
    private int _crashes;
    private int _partitions;
    private int _transfers;
    private int _readsServed;

    // Snapshots (§7): the host compacts once this many entries are applied past its snapshot.
    private readonly long _snapshotThreshold;
    private int _compactions;
    private int _snapshotsSaved;
    private int _installs;

    // Membership (thesis §4): whether the operator changes it in this run, and what committed.
    private readonly bool _membership;
    private ClusterConfiguration _committedConfiguration;
    private long _committedConfigurationIndex;
    private int _configurationsCommitted;
    private int _adds;
    private int _removals;
    private int _wipes;

    public RaftSimulation(SimulationOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        // The run's own fault profile and core settings, drawn from the seed: some runs are
        // calm, some lossy; some without pre-vote or check-quorum (both are optional in etcd).
        _loss = _random.Next(4) == 0 ? 0 : _random.NextDouble() * 0.15;
        _duplication = _random.NextDouble() * 0.05;
        _reordering = _random.NextDouble() * 0.2;
        _maxDelay = 2 + _random.Next(SimulationOptions.TickUnits * 2);
        // Slow disks widen the window between a vote or an append and its durability, which
        // is where crashes bite (§5.2: a vote forgotten in a crash could be cast twice).
        _maxDiskDelay = 1 + _random.Next(_random.Next(2) == 0 ? SimulationOptions.TickUnits : 4 * SimulationOptions.TickUnits);
        _raft = new RaftOptions
        {
            ElectionTicks = 10,
            HeartbeatTicks = 1 + _random.Next(3),
            PreVote = _random.Next(4) != 0,
            CheckQuorum = _random.Next(4) != 0,
            MaxInflight = 1 + _random.Next(8),
            // Small caps make AppendEntries carry few entries, exercising slicing and pipelining.
            MaxAppendBytes = _random.Next(3) switch { 0 => 40, 1 => 200, _ => 256 * 1024 },
            // Small chunks make a snapshot transfer take many round trips, which faults interrupt.
            SnapshotChunkBytes = 32 << _random.Next(5),
            PromoteWithinEntries = _random.Next(16),
        };
        // One run in five never compacts; the others compact often, so that followers that
        // fall behind (crashed, partitioned, just added) mostly need a snapshot.
        _snapshotThreshold = _random.Next(5) == 0 ? long.MaxValue : 5 + _random.Next(36);
        _membership = _random.Next(3) != 0;
        if (_membership && _random.Next(3) == 0)
            // Autopilot (as Consul's): the leader removes servers silent for a while.
            _raft = _raft with { RemoveDeadServersAfterTicks = 30 + _random.Next(100), MinimumVoters = 1 + _random.Next(3) };
        // With membership changes, one spare server starts outside the cluster, to be added.
        var spares = _membership ? 1 : 0;
        _nodes = Enumerable.Range(0, options.Nodes + spares).Select(i => new SimNode(i, $"n{i}", bootstraps: i < options.Nodes)).ToArray();
        _byId = _nodes.ToDictionary(n => n.Id);
        _clock = new SimClock(_random, _raft, _nodes.Length);
        _faults = new SimFaults(_nodes.Length);
        _configuration = new ClusterConfiguration(_nodes.Take(options.Nodes).Select(n => n.Member).ToArray(), []);
        _committedConfiguration = _configuration;
    }

    public string Profile =>
        $"loss {_loss:P0}, duplication {_duplication:P0}, reordering {_reordering:P0}, delay ≤{_maxDelay}, disk ≤{_maxDiskDelay}, " +
        $"pre-vote {_raft.PreVote}, check-quorum {_raft.CheckQuorum}, heartbeat {_raft.HeartbeatTicks} ticks, inflight {_raft.MaxInflight}, append cap {_raft.MaxAppendBytes} B, " +
        $"snapshot every {(_snapshotThreshold == long.MaxValue ? "never" : _snapshotThreshold.ToString())} entries in {_raft.SnapshotChunkBytes} B chunks, " +
        $"clocks {_clock}, membership {_membership} (promote within {_raft.PromoteWithinEntries}, autopilot {(_raft.RemoveDeadServersAfterTicks > 0 ? $"after {_raft.RemoveDeadServersAfterTicks} ticks, min {_raft.MinimumVoters} voters" : "off")})";

    public string Summary =>
        $"{_steps} steps, time {_now}, {_checker.Leaders} leaders (max term {_nodes.Where(n => n.Up).Max(n => n.Core!.Term)}), " +
        $"{_checker.Commits} entries committed, {_checker.Acknowledged} proposals acknowledged, {_checker.ReadsChecked} reads confirmed ({_readsServed} served), " +
        $"{_crashes} crashes, {_partitions} partitions, {_transfers} leadership transfers, " +
        $"{_compactions} compactions ({_snapshotsSaved} snapshots saved), {_installs} snapshots installed, " +
        $"{_adds} adds, {_removals} removals, {_wipes} wipes, {_configurationsCommitted} configurations committed (final: {_committedConfiguration}), " +
        _faults.Summary;

    /// <summary>The added faults' counts (one-way partitions, pauses, journal faults, applies ahead).</summary>
    public SimFaults Faults => _faults;

    public SimClock Clock => _clock;

    public int Compactions => _compactions;

    public int Installs => _installs;

    public int ConfigurationsCommitted => _configurationsCommitted;

    /// <summary>Runs the faulty phase, then heals everything and waits for a final command to commit everywhere.</summary>
    public void Run()
    {
        foreach (var node in _nodes) Start(node);
        Schedule(_random.Next(20), new SimEvent(SimEventKind.Client, -1));
        Schedule(100 + _random.Next(300), new SimEvent(SimEventKind.Fault, -1));

        for (var i = 0; i < _options.Steps; i++) Step();

        HealEverything();
        var final = $"final-{_options.Seed}";
        Proposal? finalProposal = null;
        for (var i = 0; i < _options.LivenessSteps; i++)
        {
            // The operator keeps every member of the committed configuration running (a server
            // whose addition just committed included); only they must apply the final command.
            var members = _nodes.Where(n => _committedConfiguration.Contains(n.Id)).ToList();
            foreach (var member in members.Where(n => !n.Up)) Start(member);
            // And, as RaftActor's Akka cluster downs a member once its removal commits, shuts down
            // servers removed meanwhile (see HealEverything).
            foreach (var removed in _nodes.Where(n => n.Up && !_committedConfiguration.Contains(n.Id))) removed.Crash();
            if (members.All(n => n.AppliedCommands.Contains(final)))
            {
                SafetyChecker.CheckLogMatching(_nodes);
                _checker.CheckAppliedPrefixes(_nodes);
                return;
            }
            if (finalProposal is null || !StillInLeaderLog(finalProposal))
                finalProposal = ProposeAtLeader(final) ?? finalProposal;
            Step();
        }
        throw new InvariantViolation(
            $"liveness: {_options.LivenessSteps} steps after healing, '{final}' is not applied by every member of {_committedConfiguration}: " +
            State);
    }

    public string Trace => string.Join(Environment.NewLine, _trace);

    /// <summary>Each node's state, for failure reports.</summary>
    public string State => string.Join(Environment.NewLine, _nodes.Select(n =>
        $"    {n.Id}#{n.Incarnation} {(n.Up ? "" : "down ")}{n.Core?.Role} term {n.Core?.Term} vote {n.Core?.VotedFor} leader {n.Core?.LeaderId} commit {n.Core?.CommitIndex} " +
        $"snapshot {n.Core?.Log.SnapshotIndex}@{n.Core?.Log.SnapshotTerm} last {n.Core?.Log.LastIndex}@{n.Core?.Log.LastTerm} applied {n.AppliedIndex} " +
        $"configuration {n.Core?.ConfigurationIndex}: {n.Core?.Configuration} " +
        $"progress [{string.Join(" ", n.Core?.Progress.Values.Select(p => $"{p.Id}:{p.State}/m{p.MatchIndex}/n{p.NextIndex}/s{p.SnapshotIndex}@{p.SnapshotOffset}") ?? [])}]"));

    /// <summary>Adds a line to the trace printed on failure.</summary>
    private void Note(string line)
    {
        if (_trace.Count == TraceLength) _trace.Dequeue();
        _trace.Enqueue($"    {line}");
    }

    private void Step()
    {
        if (!_queue.TryDequeue(out var next, out var at)) throw new InvariantViolation("the event queue ran dry");
        _now = at.Time;
        _steps++;
        if (_trace.Count == TraceLength) _trace.Dequeue();
        _trace.Enqueue($"[{_steps} t{_now}] {next}");
        Handle(next);
        _checker.Check(_nodes);
        if (_steps % _options.FullCheckEvery == 0) SafetyChecker.CheckLogMatching(_nodes);
    }

    private void Handle(SimEvent e)
    {
        var node = e.Node >= 0 ? _nodes[e.Node] : null;
        if (node is not null && e.Kind is SimEventKind.Tick or SimEventKind.Deliver or SimEventKind.DiskWrite or SimEventKind.SnapshotSaved &&
            _faults.PausedUntil(node, _now) is { } resume)
        {
            // A paused process handles nothing; what arrives meanwhile waits for it, in order.
            _faults.Held();
            Schedule(resume, e);
            return;
        }
        switch (e.Kind)
        {
            case SimEventKind.Tick when node!.Up && e.Incarnation == node.Incarnation:
                node.Core!.Tick();
                Drain(node);
                ScheduleTick(node);
                break;
            case SimEventKind.Deliver when node!.Up && node.Group == _nodes[e.From].Group && !_faults.Blocked(e.From, e.Node):
                node.Core!.Step(e.Message!);
                Drain(node);
                break;
            case SimEventKind.DiskWrite when node!.Up && e.Incarnation == node.Incarnation:
                CompleteWrite(node);
                break;
            case SimEventKind.Client when _faulty:
                Client();
                Schedule(_now + 1 + _random.Next(3 * SimulationOptions.TickUnits), e);
                break;
            case SimEventKind.Fault when _faulty:
                Fault();
                Schedule(_now + 30 + _random.Next(30 * SimulationOptions.TickUnits), e);
                break;
            case SimEventKind.Restart when !node!.Up && (_faulty || _committedConfiguration.Contains(node.Id)):
                Start(node);
                break;
            case SimEventKind.Heal:
                foreach (var n in _nodes) n.Group = 0;
                _faults.HealLinks();
                break;
            case SimEventKind.SnapshotSaved when node!.Up && e.Incarnation == node.Incarnation:
                OnSnapshotSaved(node);
                break;
        }
    }

    // ---------------------------------------------------------------- hosts

    private void Start(SimNode node)
    {
        var core = node.Start(_clock.Options(node.Index), _random);
        if (node.AppliedIndex > 0) _checker.CheckSnapshot(node, node.AppliedIndex, node.AppliedCommands, "recovered a snapshot");
        // An initial member bootstraps on every start; the core ignores it once it has state.
        if (node.Bootstraps) core.Bootstrap(_configuration);
        Drain(node);
        ScheduleTick(node);
    }

    private void ScheduleTick(SimNode node) =>
        // Clocks drift a little, so nodes do not tick in lockstep.
        Schedule(_now + _clock.Period(node.Index) - 1 + _random.Next(3), new SimEvent(SimEventKind.Tick, node.Index, node.Incarnation));

    /// <summary>Carries out a Ready: send Messages now; queue the rest behind the write of its events.</summary>
    private void Drain(SimNode node)
    {
        var ready = node.Core!.TakeReady();
        if (ready.IsEmpty) return;
        if (ready.Snapshot is not null && _compactions == 0)
            throw new InvariantViolation($"{node.Id}: installed a snapshot, but nothing was compacted");
        // The events the actor would write for it (JournalEvents maps a typed Ready in one place).
        var events = JournalEvents.Of(ready);
        foreach (var @event in events)
            if (@event is EntriesAppended appended) _checker.OnAppended(node, appended.Entries);
        CheckVotes(node, ready);
        foreach (var envelope in ready.Messages) Send(node, envelope);
        // As RaftActor.ApplyCommittedAhead: committed entries are durable on a majority, so they
        // apply now, ahead of this server's own write of them (thesis §10.2.1).
        if (ready.MayApplyCommittedAhead(node.HoldingBackApplies))
        {
            _faults.AppliedAhead += ready.CommittedEntries.Count(entry => entry.Index > node.DurableIndex);
            ApplyCommitted(node, ready.CommittedEntries);
            ready.CommittedEntries.Clear();
            _readsServed += node.ReadsToServe.RemoveAll(r => r.ReadIndex <= node.AppliedIndex);
        }
        if (ready.HoldsBackLaterApplies) node.HoldingBackApplies++;
        // The disk writes in order: this Ready is durable after every earlier one. Sequence
        // numbers are handed out now, when the write is asked for (as Akka.Persistence does).
        var due = Math.Max(node.LastDue, _now + (events.Count > 0 ? 1 + _random.Next(_maxDiskDelay) : 0));
        node.LastDue = due;
        node.Pending.Enqueue(new PendingWrite(ready, events, due, node.LastSeq + 1));
        node.LastSeq += events.Count;
        Schedule(due, new SimEvent(SimEventKind.DiskWrite, node.Index, node.Incarnation));
    }

    /// <summary>The oldest write is durable: now its acknowledgements go out, the core learns it, entries apply.</summary>
    private void CompleteWrite(SimNode node)
    {
        var (ready, events, due, firstSeq) = node.Pending.Peek();
        if (due > _now) throw new InvariantViolation($"{node.Id}: disk completed a write due at {due} at {_now}");
        if (events.Count > 0 && _faults.DiskFault(node, _now) is { } fault)
        {
            FailWrite(node, fault);
            return;
        }
        node.Pending.Dequeue();
        if (ready.HoldsBackLaterApplies) node.HoldingBackApplies--;
        for (var i = 0; i < events.Count; i++) node.Journal.Add(new JournalRecord(firstSeq + i, events[i]));
        node.ConfirmedSeq = firstSeq + events.Count - 1;
        foreach (var envelope in ready.MessagesAfterPersist) Send(node, envelope);
        var core = node.Core!;
        // As RaftActor.Complete: restore the leader's snapshot before applying anything newer.
        if (ready.Snapshot is { Index: var snapshotIndex, Data: var data })
        {
            if (snapshotIndex <= node.AppliedIndex)
                throw new InvariantViolation($"{node.Id}: installed a snapshot at {snapshotIndex}, but had applied {node.AppliedIndex}");
            node.Restore(data);
            node.AppliedIndex = snapshotIndex;
            _checker.CheckSnapshot(node, snapshotIndex, node.AppliedCommands, "installed the leader's snapshot");
            _installs++;
            Note($"{node.Id} installed snapshot at {snapshotIndex}");
        }
        if (ready.StableTo is { } stable)
        {
            core.OnStable(stable.Index, stable.Term);
            node.DurableIndex = stable.Index;
        }
        ApplyCommitted(node, ready.CommittedEntries);
        foreach (var read in ready.ReadStates)
        {
            _checker.OnReadState(node, read);
            node.ReadsToServe.Add(read);
        }
        foreach (var id in ready.FailedReads) _checker.OnReadFailed(id);
        _readsServed += node.ReadsToServe.RemoveAll(r => r.ReadIndex <= node.AppliedIndex);
        Drain(node);
        MaybeSnapshot(node, ready.SnapshotRequested);
    }

    private void ApplyCommitted(SimNode node, IEnumerable<LogEntry> entries)
    {
        foreach (var entry in entries)
        {
            _checker.OnApplied(node, entry, _nodes);
            if (entry.Kind == EntryKind.Configuration && entry.Index > _committedConfigurationIndex)
            {
                _committedConfigurationIndex = entry.Index;
                _committedConfiguration = ConfigurationCodec.Decode(entry.Data);
                _configurationsCommitted++;
                Note($"configuration {entry.Index} committed: {_committedConfiguration}");
            }
        }
    }

    /// <summary>
    /// A journal write failed (lost) or timed out (landed all the same): as RaftActor's
    /// OnPersistFailure, this incarnation stops, since what it holds in memory may be ahead of its
    /// journal; RaftSupervisor starts a new one from the journal after a back-off.
    /// </summary>
    private void FailWrite(SimNode node, SimDiskFault fault)
    {
        var (_, events, _, firstSeq) = node.Pending.Peek();
        if (fault == SimDiskFault.Stalled)
            for (var i = 0; i < events.Count; i++) node.Journal.Add(new JournalRecord(firstSeq + i, events[i]));
        _faults.WriteFailed(fault);
        Note($"{node.Id}: journal write {(fault == SimDiskFault.Stalled ? "timed out (landed)" : "failed (lost)")}; restarting from the journal");
        node.Crash();
        Schedule(_faults.RestartAt(node, _now), new SimEvent(SimEventKind.Restart, node.Index));
    }

    /// <summary>
    /// Servers outside their configuration (new, or removed for good) never grant a vote: one
    /// that lost its state must not re-cast its earlier life's votes (thesis §3.8). Members,
    /// learners included, may (thesis §4.1); whether a vote counts is the candidate's business,
    /// checked when it becomes leader (SafetyChecker.OnVoteGranted).
    /// </summary>
    private static void CheckVotes(SimNode node, Ready ready)
    {
        var core = node.Core!;
        foreach (var envelope in ready.Messages.Concat(ready.MessagesAfterPersist))
        {
            if (envelope.Message is not RequestVoteResponse { Granted: true } vote || core.Configuration.Contains(node.Id)) continue;
            var removedUncommitted = core.ConfigurationIndex > core.CommitIndex && core.ConfigurationAt(core.ConfigurationIndex - 1).IsVoter(node.Id);
            if (!removedUncommitted)
                throw new InvariantViolation($"{node.Id}: granted a {(vote.PreVote ? "pre-" : "")}vote to {envelope.To} in term {vote.Term} while outside its configuration {core.Configuration}");
        }
    }

    // ---------------------------------------------------------------- snapshots

    /// <summary>
    /// As RaftActor.StartSnapshot: once enough is applied, snapshot the state machine at the
    /// applied index, compact the core's log at once, and save a RaftSnapshot (index, term,
    /// configuration at index, data, term and vote, log suffix) covering the journal so far.
    /// </summary>
    private void MaybeSnapshot(SimNode node, bool requested = false)
    {
        var core = node.Core!;
        if (node.SnapshotInFlight is not null || node.AppliedIndex <= core.Log.SnapshotIndex) return;
        // The core asks for one when it must bring a rejoining server up from a newer snapshot.
        if (node.AppliedIndex - core.Log.SnapshotIndex < _snapshotThreshold && !requested) return;
        var index = node.AppliedIndex;
        var term = core.Log.TermAt(index)!.Value;
        var configuration = core.ConfigurationAt(index);
        var data = node.TakeStateMachineSnapshot();
        _checker.CheckSnapshot(node, index, node.AppliedCommands, "took a snapshot");
        core.Compact(index, data);
        var suffix = core.Log.Count == 0 ? [] : core.Log.Slice(core.Log.FirstIndex, core.Log.LastIndex);
        var snapshot = new RaftSnapshot(index, term, ConfigurationCodec.Encode(configuration), data, core.Term, core.VotedFor, suffix);
        // Akka.Persistence stamps a snapshot with the last *confirmed* sequence number: events
        // still being written are not covered, so recovery replays them on top of it.
        node.SnapshotInFlight = new SavedSnapshot(snapshot, node.ConfirmedSeq);
        _compactions++;
        Schedule(_now + 1 + _random.Next(_maxDiskDelay), new SimEvent(SimEventKind.SnapshotSaved, node.Index, node.Incarnation));
        Drain(node);
    }

    /// <summary>The snapshot is durable: the journal events it covers are deleted (RaftActor.OnSnapshotSaved).</summary>
    private void OnSnapshotSaved(SimNode node)
    {
        var saved = node.SnapshotInFlight!;
        node.SnapshotInFlight = null;
        node.Snapshot = saved;
        node.Journal.RemoveAll(r => r.Seq <= saved.Seq);
        _snapshotsSaved++;
        MaybeSnapshot(node);
    }

    // ---------------------------------------------------------------- network

    private void Send(SimNode from, Envelope envelope)
    {
        if (envelope.Message is RequestVoteResponse { Granted: true, PreVote: false } vote) _checker.OnVoteGranted(vote.Term, envelope.To, from.Id);
        _checker.OnSent(from.Id, from.Incarnation, envelope.Message);
        if (_random.NextDouble() < _loss) return;
        var to = _byId[envelope.To];
        var copies = _random.NextDouble() < _duplication ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            var delay = 1 + _random.Next(_maxDelay);
            if (_random.NextDouble() < _reordering) delay += _random.Next(6 * SimulationOptions.TickUnits);
            Schedule(_now + delay, new SimEvent(SimEventKind.Deliver, to.Index, 0, envelope.Message, from.Index));
        }
    }

    // ---------------------------------------------------------------- clients and faults

    private void Client()
    {
        var up = _nodes.Where(n => n.Up).ToList();
        if (up.Count == 0) return;
        if (_random.Next(10) < 7)
        {
            // Clients find the leader most of the time; otherwise Propose must refuse (return 0).
            var leaders = up.Where(n => n.Core!.Role == RaftRole.Leader).ToList();
            var target = leaders.Count > 0 && _random.Next(10) < 9 ? leaders[_random.Next(leaders.Count)] : up[_random.Next(up.Count)];
            var core = target.Core!;
            var batch = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => $"c{++_commands}").ToList();
            var first = core.Propose(batch.Select(c => Encoding.UTF8.GetBytes(c)).ToList());
            Note($"propose {string.Join(",", batch)} at {core.Id} ({core.Role}): index {first}");
            if (first == 0 && core.Role == RaftRole.Leader && core.TransferTarget is null)
                throw new InvariantViolation($"{core.Id}: refused a proposal as leader");
            if (first != 0 && core.Role != RaftRole.Leader)
                throw new InvariantViolation($"{core.Id}: accepted a proposal as {core.Role}");
            for (var i = 0; first != 0 && i < batch.Count; i++)
                _checker.OnProposed(new Proposal(target.Index, target.Incarnation, first + i, core.Term, batch[i]));
            Drain(target);
        }
        else
        {
            var target = up[_random.Next(up.Count)];
            var id = ++_reads;
            _checker.OnReadRequested(id);
            Note($"read {id} at {target.Id} ({target.Core!.Role})");
            target.Core!.RequestRead(id);
            Drain(target);
        }
    }

    private void Fault()
    {
        var up = _nodes.Where(n => n.Up).ToList();
        switch (_random.Next(8))
        {
            case 0 when _nodes.Length - up.Count < (_random.Next(5) == 0 ? _nodes.Length : (_nodes.Length - 1) / 2):
                // A crash, often of the leader. Mostly at most a minority is down at once; now
                // and then more, down to a whole-cluster outage that only durable state survives.
                var leaders = up.Where(n => n.Core!.Role == RaftRole.Leader).ToList();
                var victim = leaders.Count > 0 && _random.Next(2) == 0 ? leaders[0] : up[_random.Next(up.Count)];
                victim.Crash();
                Note($"crash {victim.Id}");
                _crashes++;
                // Half restart at once (and may vote again in the same term), half stay down a while.
                var downFor = _random.Next(2) == 0 ? 1 + _random.Next(3 * SimulationOptions.TickUnits) : 1 + _random.Next(40 * SimulationOptions.TickUnits);
                Schedule(_now + downFor, new SimEvent(SimEventKind.Restart, victim.Index));
                break;
            case 1:
                // Two or three sides; the partition heals later.
                var sides = 2 + _random.Next(2);
                foreach (var node in _nodes) node.Group = _random.Next(sides);
                Note($"partition {string.Join(" ", _nodes.Select(n => $"{n.Id}:{n.Group}"))}");
                _partitions++;
                Schedule(_now + 50 + _random.Next(60 * SimulationOptions.TickUnits), new SimEvent(SimEventKind.Heal, -1));
                break;
            case 2 when up.FirstOrDefault(n => n.Core!.Role == RaftRole.Leader) is { } leader:
                // Thesis §3.10: the leader hands over; the target campaigns at once, past the lease.
                var target = _random.Next(2) == 0 ? null : _nodes[_random.Next(_nodes.Length)].Id;
                Note($"transfer from {leader.Id} to {target ?? "any"}: {leader.Core!.TransferLeadership(target) ?? "started"}");
                _transfers++;
                Drain(leader);
                break;
            case 4 when _membership && up.FirstOrDefault(n => n.Core!.Role == RaftRole.Leader) is { } leader:
                ChangeMembership(leader);
                break;
            case 5 when up.Count > 0:
                // A journal fault, often at the leader: a full disk (writes fail) or a stalled one (writes time out but land).
                var sick = up.FirstOrDefault(n => n.Core!.Role == RaftRole.Leader && _random.Next(2) == 0) ?? up[_random.Next(up.Count)];
                var kind = _random.Next(2) == 0 ? SimDiskFault.Failing : SimDiskFault.Stalled;
                _faults.FailDisk(sick, _now + 1 + _random.Next(20 * SimulationOptions.TickUnits), kind);
                Note($"journal of {sick.Id}: {kind}");
                break;
            case 6:
                // One-way: a random group stops hearing from the others, which still hear it (a
                // leader that can send but not receive, or the reverse).
                var deaf = _nodes.Where(_ => _random.Next(2) == 0).Select(n => n.Index).ToList();
                if (deaf.Count == 0 || deaf.Count == _nodes.Length) break;
                var others = _nodes.Select(n => n.Index).Except(deaf).ToList();
                var (senders, receivers) = _random.Next(2) == 0 ? (others, deaf) : (deaf, others);
                _faults.BlockOneWay(senders, receivers);
                Note($"one-way partition: {string.Join(",", senders.Select(i => $"n{i}"))} -/-> {string.Join(",", receivers.Select(i => $"n{i}"))}");
                Schedule(_now + 50 + _random.Next(60 * SimulationOptions.TickUnits), new SimEvent(SimEventKind.Heal, -1));
                break;
            case 7 when up.Count > 0:
                // A long pause, often of the leader: longer than an election timeout half the time.
                var paused = up.FirstOrDefault(n => n.Core!.Role == RaftRole.Leader && _random.Next(2) == 0) ?? up[_random.Next(up.Count)];
                var pause = _random.Next(2) == 0 ? 1 + _random.Next(5 * SimulationOptions.TickUnits) : 15 * SimulationOptions.TickUnits + _random.Next(40 * SimulationOptions.TickUnits);
                _faults.Pause(paused, _now + pause);
                Note($"pause {paused.Id} for {pause}");
                break;
            default:
                foreach (var node in _nodes) node.Group = 0;
                break;
        }
    }

    /// <summary>
    /// The operator adds a server as a learner (the leader promotes it once it caught up) or
    /// removes one, the leader included (thesis §4.1, §4.2). A server outside the configuration
    /// rejoins with a wiped store, as a new server would; one removed but still running is
    /// left to find out (or not) until it is wiped.
    /// </summary>
    private void ChangeMembership(SimNode leader)
    {
        var core = leader.Core!;
        var configuration = core.Configuration;
        var outside = _nodes.Where(n => !configuration.Contains(n.Id)).ToList();
        if (outside.Count > 0 && (_random.Next(2) == 0 || configuration.Voters.Count <= 1))
        {
            var joiner = outside[_random.Next(outside.Count)];
            var (index, rejection) = core.ProposeConfiguration(MembershipRules.AddLearner(configuration, joiner.Member)!);
            Note($"add {joiner.Id} at {leader.Id}: {(rejection ?? $"index {index}")}");
            if (index > 0)
            {
                _adds++;
                // Accepted: the configuration without the joiner is committed, so its removal
                // (if it was ever a member) is, and its old store may go.
                if (joiner.HasState)
                {
                    joiner.Wipe();
                    _wipes++;
                    Note($"wipe {joiner.Id}");
                }
                if (!joiner.Up) Start(joiner);
            }
        }
        else
        {
            var members = configuration.All.ToList();
            var victim = _random.Next(4) == 0 ? core.Id : members[_random.Next(members.Count)].Id;
            var (index, rejection) = core.ProposeConfiguration(MembershipRules.Remove(configuration, victim)!);
            Note($"remove {victim} at {leader.Id}: {(rejection ?? $"index {index}")}");
            if (index > 0) _removals++;
        }
        Drain(leader);
    }

    private void HealEverything()
    {
        _faulty = false;
        _loss = _duplication = _reordering = 0;
        _faults.HealAll(_now);
        foreach (var node in _nodes)
        {
            node.Group = 0;
            // Servers removed from the committed configuration are shut down (RaftActor's Akka
            // cluster downs them); one that never learned of its removal would otherwise keep
            // calling elections, which without pre-vote or check-quorum disrupts the cluster
            // (thesis §4.2.3). The members are started by the liveness loop.
            if (!_committedConfiguration.Contains(node.Id))
            {
                if (node.Up) node.Crash();
            }
            else if (!node.Up)
            {
                Start(node);
            }
        }
    }

    private Proposal? ProposeAtLeader(string command)
    {
        var leader = _nodes.FirstOrDefault(n => n.Core is { Role: RaftRole.Leader, TransferTarget: null });
        if (leader is null) return null;
        var core = leader.Core!;
        var index = core.Propose([Encoding.UTF8.GetBytes(command)]);
        if (index == 0) return null;
        var proposal = new Proposal(leader.Index, leader.Incarnation, index, core.Term, command);
        _checker.OnProposed(proposal);
        Drain(leader);
        return proposal;
    }

    /// <summary>Whether the proposal can still commit: its entry is in the log of a current leader.</summary>
    private bool StillInLeaderLog(Proposal proposal) =>
        _nodes.Any(n => n.Core is { Role: RaftRole.Leader } core && core.Log.TermAt(proposal.Index) == proposal.Term);

    private void Schedule(long time, SimEvent e) => _queue.Enqueue(e, (time, _sequence++));
}
