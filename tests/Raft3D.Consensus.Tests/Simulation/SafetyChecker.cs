using System.Text;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// The safety properties of Figure 3 of the Raft paper, checked over the whole history of a
/// simulated run, plus ReadIndex linearizability (thesis §6.4). Throws InvariantViolation.
/// </summary>
internal sealed class SafetyChecker
{
    // Election Safety: at most one leader per term, over the whole run.
    // A leader is a process: a server that crashed and restarted is not the same leader.
    private readonly Dictionary<long, (string Id, long Incarnation)> _leaders = [];

    // Entries known committed, by index (1-based: slot 0 unused), with the term a server had when
    // it first saw the commit. Whoever committed it led a term at or below that, so every leader
    // of that term or later must hold the entry (Leader Completeness).
    private readonly List<CommittedEntry?> _committed = [null];

    // Log Matching, incrementally: every (index, term) ever appended anywhere names one entry,
    // with one predecessor term. By induction over indexes, equal (index, term) means equal prefixes.
    private readonly Dictionary<(long Index, long Term), (long? PreviousTerm, string Entry)> _entries = [];

    // ReadIndex: the highest index of a proposal acknowledged to its client so far, and what
    // that was when each read was asked for.
    private readonly Dictionary<(int Node, long Index), Proposal> _proposals = [];
    private readonly Dictionary<long, long> _readFloor = [];

    // Which process lifetimes sent messages in which terms.
    private readonly HashSet<(string Id, long Term, long Incarnation)> _sentInTerm = [];

    // Granted votes sent, by term and candidate, to check how each leader was elected.
    private readonly Dictionary<(long Term, string Candidate), HashSet<string>> _votes = [];
    private long _acknowledged;

    private sealed record CommittedEntry(long Term, string Entry, long SeenInTerm, string? Command);

    public int Commits => _committed.Count - 1;

    public int Leaders => _leaders.Count;

    public int ReadsChecked { get; private set; }

    public int Acknowledged { get; private set; }

    /// <summary>After every step: leaders, commit indexes, applied indexes.</summary>
    public void Check(IReadOnlyList<SimNode> nodes)
    {
        foreach (var node in nodes)
        {
            if (node.Core is not { } core) continue;
            if (core.Role == RaftRole.Leader)
            {
                if (!_leaders.TryGetValue(core.Term, out var leader))
                {
                    _leaders[core.Term] = (core.Id, node.Incarnation);
                    CheckElectedByMajority(core);
                    CheckLeaderHoldsCommitted(core);
                }
                else if (leader.Id != core.Id)
                {
                    throw new InvariantViolation($"election safety: {leader.Id} and {core.Id} both lead term {core.Term}");
                }
                else if (leader.Incarnation != node.Incarnation)
                {
                    // The only voter wins in the step it votes; if it crashes before the vote is
                    // durable it may win the same term again. Harmless only if its earlier
                    // lifetime sent nothing in that term: no entry of it can then exist elsewhere.
                    if (_sentInTerm.Contains((core.Id, core.Term, leader.Incarnation)))
                        throw new InvariantViolation($"election safety: {core.Id} leads term {core.Term} again after a restart (#{leader.Incarnation}, now #{node.Incarnation}), and its earlier lifetime had already sent messages in that term");
                    _leaders[core.Term] = (core.Id, node.Incarnation);
                    // The earlier lifetime's entries of the term were only in its memory (on disk
                    // they follow the vote, which was lost): they never existed for anyone else.
                    foreach (var key in _entries.Keys.Where(k => k.Term == core.Term).ToList()) _entries.Remove(key);
                    for (var index = core.Log.FirstIndex; index <= core.Log.LastIndex; index++)
                        if (core.Log.TermAt(index) == core.Term)
                            _entries[(index, core.Term)] = (core.Log.TermAt(index - 1), Describe(core.Log.EntryAt(index)));
                }
                CheckOneConfigurationChangeAtATime(core);
            }
            if (core.CommitIndex < node.CommitSeen)
                throw new InvariantViolation($"{core.Id}: commit index fell from {node.CommitSeen} to {core.CommitIndex} within one process lifetime");
            // Entries a snapshot covers are not in the log; the snapshot's state machine is checked instead.
            for (var index = Math.Max(node.CommitSeen + 1, core.Log.FirstIndex); index <= core.CommitIndex; index++)
                RecordCommitted(core.Log.EntryAt(index), core.Term, core.Id, nodes);
            node.CommitSeen = core.CommitIndex;
            if (node.AppliedIndex > core.CommitIndex)
                throw new InvariantViolation($"{core.Id}: applied {node.AppliedIndex} beyond commit index {core.CommitIndex}");
        }
    }

    /// <summary>A process sent a message of its term (pre-votes, which carry a term not yet taken, aside).</summary>
    public void OnSent(string id, long incarnation, IRaftMessage message)
    {
        if (message is RequestVote { PreVote: true } or RequestVoteResponse { PreVote: true }) return;
        _sentInTerm.Add((id, message.Term, incarnation));
    }

    /// <summary>A server sent a granted (real) vote for candidate in term.</summary>
    public void OnVoteGranted(long term, string candidate, string voter)
    {
        if (!_votes.TryGetValue((term, candidate), out var voters)) _votes[(term, candidate)] = voters = [];
        voters.Add(voter);
    }

    /// <summary>
    /// A new leader holds votes from a majority of the voters of its configuration (§5.2,
    /// thesis §4.1), itself included only if it is one of them. Votes sent by learners or
    /// others outside that set never make up the difference (thesis §4.2.1).
    /// </summary>
    private void CheckElectedByMajority(RaftCore leader)
    {
        var granted = _votes.GetValueOrDefault((leader.Term, leader.Id)) ?? [];
        var voters = leader.Configuration.Voters;
        var votes = voters.Count(v => v.Id == leader.Id ? leader.VotedFor == leader.Id : granted.Contains(v.Id));
        if (votes < voters.Count / 2 + 1)
            throw new InvariantViolation(
                $"election: {leader.Id} leads term {leader.Term} with votes from [{string.Join(", ", granted)}], {votes} of the {voters.Count} voters of {leader.Configuration}");
    }

    /// <summary>Entries a Ready appended at a node, checked against everything appended anywhere.</summary>
    public void OnAppended(SimNode node, IEnumerable<LogEntry> entries)
    {
        var log = node.Core!.Log;
        foreach (var entry in entries)
        {
            // Superseded within the same Ready: the later append is checked on its own.
            if (log.TermAt(entry.Index) != entry.Term) continue;
            var previous = log.TermAt(entry.Index - 1);
            var described = Describe(entry);
            if (_entries.TryGetValue((entry.Index, entry.Term), out var known))
            {
                if (known.Entry != described || known.PreviousTerm != previous)
                    throw new InvariantViolation(
                        $"log matching: {node.Id} appended {described} after term {previous}, but ({entry.Index}, {entry.Term}) was {known.Entry} after term {known.PreviousTerm}");
            }
            else
            {
                _entries[(entry.Index, entry.Term)] = (previous, described);
            }
        }
    }

    /// <summary>Log Matching in full: two logs with an entry of the same index and term are identical up to it.</summary>
    public static void CheckLogMatching(IReadOnlyList<SimNode> nodes)
    {
        var up = nodes.Where(n => n.Up).Select(n => n.Core!).ToList();
        for (var i = 0; i < up.Count; i++)
        for (var j = i + 1; j < up.Count; j++)
        {
            var (a, b) = (up[i].Log, up[j].Log);
            var last = Math.Min(a.LastIndex, b.LastIndex);
            while (last > 0 && a.TermAt(last) != b.TermAt(last)) last--;
            // Below either snapshot the entries are gone (and committed, so identical).
            for (var index = Math.Max(a.FirstIndex, b.FirstIndex); index <= last; index++)
            {
                if (!Same(a.EntryAt(index), b.EntryAt(index)))
                    throw new InvariantViolation(
                        $"log matching: {up[i].Id} and {up[j].Id} agree on ({last}, {a.TermAt(last)}) but differ at {index}: {Describe(a.EntryAt(index))} vs {Describe(b.EntryAt(index))}");
            }
        }
    }

    /// <summary>State Machine Safety: a node applies, in order, exactly the entries committed at those indexes.</summary>
    public void OnApplied(SimNode node, LogEntry entry, IReadOnlyList<SimNode> nodes)
    {
        if (entry.Index != node.AppliedIndex + 1)
            throw new InvariantViolation($"{node.Id}: applied {entry.Index} after {node.AppliedIndex}: out of order or twice");
        if (entry.Index >= _committed.Count || _committed[(int)entry.Index] is null)
            RecordCommitted(entry, node.Core!.Term, node.Id, nodes);
        var committed = _committed[(int)entry.Index]!;
        if (committed.Entry != Describe(entry))
            throw new InvariantViolation($"state machine safety: {node.Id} applied {Describe(entry)} where {committed.Entry} was committed");
        node.AppliedIndex = entry.Index;
        if (entry.Kind == EntryKind.Command) node.AppliedCommands.Add(Encoding.UTF8.GetString(entry.Data));

        // The leader that took the proposal applied it: its client now has an answer.
        if (_proposals.Remove((node.Index, entry.Index), out var proposal) && proposal.Incarnation == node.Incarnation &&
            proposal.Term == entry.Term && entry.Kind == EntryKind.Command && Encoding.UTF8.GetString(entry.Data) == proposal.Command)
        {
            _acknowledged = Math.Max(_acknowledged, entry.Index);
            Acknowledged++;
        }
    }

    /// <summary>
    /// A state machine restored from a snapshot at index (installed from the leader, recovered
    /// at restart, or taken to compact) holds exactly the commands committed up to index.
    /// </summary>
    public void CheckSnapshot(SimNode node, long index, IReadOnlyList<string> commands, string what)
    {
        var expected = new List<string>();
        for (var i = 1; i <= index; i++)
        {
            var committed = i < _committed.Count ? _committed[i] : null;
            if (committed is null)
                throw new InvariantViolation($"{node.Id}: {what} at {index}, but entry {i} was never seen committed");
            if (committed.Command is not null) expected.Add(committed.Command);
        }
        if (!commands.SequenceEqual(expected))
            throw new InvariantViolation(
                $"state machine safety: {node.Id}: {what} at {index} holds {commands.Count} commands (last [{string.Join(",", commands.TakeLast(5))}]), " +
                $"but {expected.Count} were committed up to it (last [{string.Join(",", expected.TakeLast(5))}])");
    }

    /// <summary>
    /// Thesis §4.1: one configuration change at a time. A leader appends a configuration only
    /// once every earlier one is committed, and only after committing an entry of its own term
    /// (the fix to the single-server-change bug). So an uncommitted configuration of the
    /// leader's own term has no other uncommitted configuration before it, and the leader's
    /// commit index is in its own term. (Configurations inherited from earlier leaders may both
    /// look uncommitted to a new leader that has not yet learned how far they committed.)
    /// </summary>
    private static void CheckOneConfigurationChangeAtATime(RaftCore leader)
    {
        var index = leader.ConfigurationIndex;
        if (index <= leader.CommitIndex || leader.Log.TermAt(index) != leader.Term) return;
        if (leader.Log.TermAt(leader.CommitIndex) != leader.Term)
            throw new InvariantViolation($"membership: {leader.Id} appended configuration {index} in term {leader.Term} before committing an entry of its term (commit {leader.CommitIndex})");
        for (var i = Math.Max(leader.CommitIndex + 1, leader.Log.FirstIndex); i < index; i++)
            if (leader.Log.EntryAt(i).Kind == EntryKind.Configuration)
                throw new InvariantViolation($"membership: {leader.Id} (term {leader.Term}) holds uncommitted configurations at {i} and {index} (commit {leader.CommitIndex})");
    }

    /// <summary>Each node's applied commands are a prefix of one sequence: the committed commands.</summary>
    public void CheckAppliedPrefixes(IReadOnlyList<SimNode> nodes)
    {
        var commands = _committed.Skip(1).TakeWhile(c => c is not null)
            .Where(c => c!.Command is not null).Select(c => c!.Command!).ToList();
        foreach (var node in nodes)
        {
            if (node.AppliedCommands.Count > commands.Count || !node.AppliedCommands.SequenceEqual(commands.Take(node.AppliedCommands.Count)))
                throw new InvariantViolation($"state machine safety: {node.Id} applied [{string.Join(",", node.AppliedCommands.TakeLast(5))}] (last 5), not a prefix of the committed commands");
        }
    }

    public void OnProposed(Proposal proposal) => _proposals[(proposal.Node, proposal.Index)] = proposal;

    public void OnReadRequested(long requestId) => _readFloor[requestId] = _acknowledged;

    /// <summary>A read confirmed at index must see every write acknowledged before it was asked (thesis §6.4).</summary>
    public void OnReadState(SimNode node, ReadState read)
    {
        if (!_readFloor.Remove(read.RequestId, out var floor))
            throw new InvariantViolation($"{node.Id}: read {read.RequestId} confirmed twice or never requested");
        if (read.ReadIndex < floor)
            throw new InvariantViolation($"linearizability: {node.Id} confirmed read {read.RequestId} at index {read.ReadIndex}, but index {floor} was acknowledged before the read was requested");
        ReadsChecked++;
    }

    public void OnReadFailed(long requestId) => _readFloor.Remove(requestId);

    private void RecordCommitted(LogEntry entry, long seenInTerm, string seenBy, IReadOnlyList<SimNode> nodes)
    {
        var described = Describe(entry);
        while (_committed.Count <= entry.Index) _committed.Add(null);
        var known = _committed[(int)entry.Index];
        if (known is not null)
        {
            if (known.Entry != described)
                throw new InvariantViolation($"state machine safety: {seenBy} committed {described} at {entry.Index}, where {known.Entry} was committed");
            return;
        }
        var command = entry.Kind == EntryKind.Command ? Encoding.UTF8.GetString(entry.Data) : null;
        var committed = new CommittedEntry(entry.Term, described, seenInTerm, command);
        _committed[(int)entry.Index] = committed;
        foreach (var node in nodes)
            if (node.Core is { Role: RaftRole.Leader } leader && leader.Term >= seenInTerm)
                CheckLeaderHolds(leader, entry.Index, committed);
    }

    private void CheckLeaderHoldsCommitted(RaftCore leader)
    {
        for (var index = (int)Math.Max(1, leader.Log.SnapshotIndex); index < _committed.Count; index++)
            if (_committed[index] is { } committed && committed.SeenInTerm <= leader.Term)
                CheckLeaderHolds(leader, index, committed);
    }

    private static void CheckLeaderHolds(RaftCore leader, long index, CommittedEntry committed)
    {
        if (index < leader.Log.FirstIndex)
        {
            // Compacted: the leader's snapshot holds it (its contents are checked when taken).
            if (index == leader.Log.SnapshotIndex && leader.Log.SnapshotTerm != committed.Term)
                throw new InvariantViolation($"leader completeness: {leader.Id}, leader of term {leader.Term}, has a snapshot at {index} of term {leader.Log.SnapshotTerm}, where {committed.Entry} was committed");
            return;
        }
        if (leader.Log.TermAt(index) != committed.Term || Describe(leader.Log.EntryAt(index)) != committed.Entry)
            throw new InvariantViolation(
                $"leader completeness: {leader.Id}, leader of term {leader.Term}, lacks committed entry {committed.Entry} (seen committed in term {committed.SeenInTerm}); it holds {(leader.Log.TermAt(index) is null ? "nothing" : Describe(leader.Log.EntryAt(index)))} there");
    }

    private static bool Same(LogEntry a, LogEntry b) =>
        ReferenceEquals(a, b) || (a.Index == b.Index && a.Term == b.Term && a.Kind == b.Kind && a.Data.AsSpan().SequenceEqual(b.Data));

    public static string Describe(LogEntry entry) =>
        $"{entry.Index}@{entry.Term} {entry.Kind} {(entry.Kind == EntryKind.Command ? Encoding.UTF8.GetString(entry.Data) : Convert.ToHexString(entry.Data))}";
}
