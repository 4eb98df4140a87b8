using System.Text;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// A deterministic discrete-event simulation of a Raft cluster: N RaftCores, a network that
/// delays, loses, duplicates, reorders and partitions messages, disks that make each Ready
/// durable after a delay, crashes that lose everything not yet durable, and clients. One
/// seeded Random drives all of it (the cores included), so a seed replays a run exactly.
/// </summary>
internal sealed class RaftSimulation
{
    private const int TraceLength = 400;

    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly RaftOptions _raft;
    private readonly SimNode[] _nodes;
    private readonly Dictionary<string, SimNode> _byId;
    private readonly ClusterConfiguration _configuration;
    private readonly PriorityQueue<SimEvent, (long Time, long Sequence)> _queue = new();
    private readonly SafetyChecker _checker = new();
    private readonly Queue<string> _trace = new();
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
        };
        _nodes = Enumerable.Range(0, options.Nodes).Select(i => new SimNode(i, $"n{i}")).ToArray();
        _byId = _nodes.ToDictionary(n => n.Id);
        _configuration = new ClusterConfiguration(
            _nodes.Select(n => new Member(n.Id, $"akka.tcp://raft@{n.Id}:1", $"http://{n.Id}")).ToArray(), []);
    }

    public string Profile =>
        $"loss {_loss:P0}, duplication {_duplication:P0}, reordering {_reordering:P0}, delay ≤{_maxDelay}, disk ≤{_maxDiskDelay}, " +
        $"pre-vote {_raft.PreVote}, check-quorum {_raft.CheckQuorum}, heartbeat {_raft.HeartbeatTicks} ticks, inflight {_raft.MaxInflight}, append cap {_raft.MaxAppendBytes} B";

    public string Summary =>
        $"{_steps} steps, time {_now}, {_checker.Leaders} leaders (max term {_nodes.Where(n => n.Up).Max(n => n.Core!.Term)}), " +
        $"{_checker.Commits} entries committed, {_checker.Acknowledged} proposals acknowledged, {_checker.ReadsChecked} reads confirmed ({_readsServed} served), " +
        $"{_crashes} crashes, {_partitions} partitions, {_transfers} leadership transfers";

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
            if (_nodes.All(n => n.AppliedCommands.Contains(final)))
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
            $"liveness: {_options.LivenessSteps} steps after healing, '{final}' is not applied everywhere: " +
            string.Join("; ", _nodes.Select(n => $"{n.Id} {n.Core?.Role} term {n.Core?.Term} commit {n.Core?.CommitIndex} last {n.Core?.Log.LastIndex} applied {n.AppliedIndex}")));
    }

    public string Trace => string.Join(Environment.NewLine, _trace);

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
        switch (e.Kind)
        {
            case SimEventKind.Tick when node!.Up && e.Incarnation == node.Incarnation:
                node.Core!.Tick();
                Drain(node);
                ScheduleTick(node);
                break;
            case SimEventKind.Deliver when node!.Up && node.Group == _nodes[e.From].Group:
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
            case SimEventKind.Restart when !node!.Up:
                Start(node);
                break;
            case SimEventKind.Heal:
                foreach (var n in _nodes) n.Group = 0;
                break;
        }
    }

    // ---------------------------------------------------------------- hosts

    private void Start(SimNode node)
    {
        var core = node.Start(_raft, _random);
        // A host bootstraps on every start; the core ignores it once it has state.
        core.Bootstrap(_configuration);
        Drain(node);
        ScheduleTick(node);
    }

    private void ScheduleTick(SimNode node) =>
        // Clocks drift a little, so nodes do not tick in lockstep.
        Schedule(_now + SimulationOptions.TickUnits - 1 + _random.Next(3), new SimEvent(SimEventKind.Tick, node.Index, node.Incarnation));

    /// <summary>Carries out a Ready: send Messages now; queue the rest behind the write of its events.</summary>
    private void Drain(SimNode node)
    {
        var ready = node.Core!.TakeReady();
        if (ready.IsEmpty) return;
        if (ready.InstalledSnapshot is not null) throw new InvariantViolation($"{node.Id}: installed a snapshot, but nothing was compacted");
        foreach (var @event in ready.Events)
            if (@event is EntriesAppended appended) _checker.OnAppended(node, appended.Entries);
        foreach (var envelope in ready.Messages) Send(node, envelope);
        // The disk writes in order: this Ready is durable after every earlier one.
        var due = Math.Max(node.LastDue, _now + (ready.Events.Count > 0 ? 1 + _random.Next(_maxDiskDelay) : 0));
        node.LastDue = due;
        node.Pending.Enqueue(new PendingWrite(ready, due));
        Schedule(due, new SimEvent(SimEventKind.DiskWrite, node.Index, node.Incarnation));
    }

    /// <summary>The oldest write is durable: now its acknowledgements go out, the core learns it, entries apply.</summary>
    private void CompleteWrite(SimNode node)
    {
        var (ready, due) = node.Pending.Dequeue();
        if (due > _now) throw new InvariantViolation($"{node.Id}: disk completed a write due at {due} at {_now}");
        node.Durable.AddRange(ready.Events);
        foreach (var envelope in ready.MessagesAfterPersist) Send(node, envelope);
        var core = node.Core!;
        if (ready.StableTo is { } stable) core.OnStable(stable.Index, stable.Term);
        foreach (var entry in ready.CommittedEntries) _checker.OnApplied(node, entry, _nodes);
        foreach (var read in ready.ReadStates)
        {
            _checker.OnReadState(node, read);
            node.ReadsToServe.Add(read);
        }
        foreach (var id in ready.FailedReads) _checker.OnReadFailed(id);
        _readsServed += node.ReadsToServe.RemoveAll(r => r.ReadIndex <= node.AppliedIndex);
        Drain(node);
    }

    // ---------------------------------------------------------------- network

    private void Send(SimNode from, Envelope envelope)
    {
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
        switch (_random.Next(4))
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
            default:
                foreach (var node in _nodes) node.Group = 0;
                break;
        }
    }

    private void HealEverything()
    {
        _faulty = false;
        _loss = _duplication = _reordering = 0;
        foreach (var node in _nodes)
        {
            node.Group = 0;
            if (!node.Up) Start(node);
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
