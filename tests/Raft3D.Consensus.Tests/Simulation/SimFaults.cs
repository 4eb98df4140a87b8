namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// The faults the simulation adds to crashes and symmetric partitions, with counts for the run
/// report (so a test can show each is really injected):
/// <list type="bullet">
/// <item>one-way links: messages from one node to another are dropped while the way back works;</item>
/// <item>long pauses (a stopped process, a GC or VM pause): the node handles nothing until it
/// resumes, then everything that queued up meanwhile, as stale as it is;</item>
/// <item>journal faults: for a while every write of a node fails (lost) or times out (but lands),
/// and as RaftActor with RaftSupervisor does, the process stops and a new incarnation recovers
/// from its durable journal after a back-off, so nothing it held only in memory survives.</item>
/// </list>
/// </summary>
internal sealed class SimFaults(int nodes)
{
    /// <summary>RaftSupervisor's first back-off, in simulated time.</summary>
    public const int RestartBackoff = 2 * SimulationOptions.TickUnits;

    private readonly HashSet<(int From, int To)> _blocked = [];
    private readonly (long Until, long Incarnation)[] _paused = new (long, long)[nodes];
    private readonly (long Until, SimDiskFault Kind)[] _disks = new (long, SimDiskFault)[nodes];

    public int OneWayPartitions { get; private set; }

    public int Pauses { get; private set; }

    public int EventsHeldByPauses { get; private set; }

    public int DiskFaults { get; private set; }

    /// <summary>Writes that failed and were lost.</summary>
    public int FailedWrites { get; private set; }

    /// <summary>Writes that timed out but were durable all the same.</summary>
    public int TimedOutWrites { get; private set; }

    /// <summary>Restarts after a journal fault (RaftSupervisor's).</summary>
    public int JournalRestarts { get; private set; }

    /// <summary>Committed entries applied before this node's own journal write of them was durable.</summary>
    public int AppliedAhead { get; set; }

    public string Summary =>
        $"{OneWayPartitions} one-way partitions, {Pauses} pauses ({EventsHeldByPauses} events held), " +
        $"{DiskFaults} journal faults ({FailedWrites} writes failed, {TimedOutWrites} timed out but landed, {JournalRestarts} restarts), " +
        $"{AppliedAhead} entries applied ahead of their own write";

    // ---------------------------------------------------------------- one-way links

    public bool Blocked(int from, int to) => _blocked.Contains((from, to));

    /// <summary>Cuts the links from every node of senders to every node of receivers (not back).</summary>
    public void BlockOneWay(IEnumerable<int> senders, IReadOnlyCollection<int> receivers)
    {
        foreach (var from in senders)
            foreach (var to in receivers)
                if (from != to) _blocked.Add((from, to));
        OneWayPartitions++;
    }

    // ---------------------------------------------------------------- pauses

    public void Pause(SimNode node, long until)
    {
        _paused[node.Index] = (until, node.Incarnation);
        Pauses++;
    }

    /// <summary>Until when the node's current process is paused, or null if it runs (a crash ends a pause).</summary>
    public long? PausedUntil(SimNode node, long now)
    {
        var (until, incarnation) = _paused[node.Index];
        return until > now && incarnation == node.Incarnation && node.Up ? until : null;
    }

    public void Held() => EventsHeldByPauses++;

    // ---------------------------------------------------------------- journal faults

    public void FailDisk(SimNode node, long until, SimDiskFault kind)
    {
        _disks[node.Index] = (until, kind);
        DiskFaults++;
    }

    /// <summary>The fault a write completing now meets on the node's disk, if any.</summary>
    public SimDiskFault? DiskFault(SimNode node, long now) => _disks[node.Index] is var (until, kind) && until > now ? kind : null;

    /// <summary>When the supervisor's restart may succeed: after its back-off and once recovery can read the journal.</summary>
    public long RestartAt(SimNode node, long now) => Math.Max(now + RestartBackoff, _disks[node.Index].Until);

    public void WriteFailed(SimDiskFault kind)
    {
        if (kind == SimDiskFault.Failing) FailedWrites++;
        else TimedOutWrites++;
        JournalRestarts++;
    }

    /// <summary>Ends every fault (the liveness phase).</summary>
    public void HealAll(long now)
    {
        _blocked.Clear();
        for (var i = 0; i < _paused.Length; i++) _paused[i] = (Math.Min(_paused[i].Until, now), _paused[i].Incarnation);
        for (var i = 0; i < _disks.Length; i++) _disks[i] = (Math.Min(_disks[i].Until, now), _disks[i].Kind);
    }

    public void HealLinks() => _blocked.Clear();
}
