using Raft3D.Consensus.Election;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Core;

/// <summary>
/// Raft as a deterministic state machine, in the manner of etcd's raft.go: inputs are ticks,
/// peer messages, proposals and read requests; outputs accumulate in a <see cref="Ready"/>
/// that the host (the actor, or a simulation) carries out. No I/O, no clock, no threads:
/// randomness comes from the Random it is given, so a seeded run replays exactly.
/// </summary>
public sealed class RaftCore
{
    private readonly RaftOptions _options;
    private readonly Random _random;
    private readonly Dictionary<string, Progress> _progress = [];
    private readonly HashSet<string> _votesGranted = [];
    private readonly HashSet<string> _votesRejected = [];
    private ClusterConfiguration _snapshotConfiguration;
    private byte[] _snapshotData;

    // A snapshot arriving from the leader, chunk by chunk (§7).
    private IncomingSnapshot? _incomingSnapshot;
    private Ready _ready = new();
    private long _nextSession;
    private int _electionElapsed;
    private int _heartbeatElapsed;
    private int _randomizedElectionTimeout;
    private long _durableIndex;
    private long _handedOutIndex;

    // Leadership transfer in progress (thesis §3.10).
    private string? _transferTarget;
    private int _transferElapsed;

    // ReadIndex on the leader (thesis §6.4).
    private readonly List<PendingRead> _readsAwaitingTermCommit = [];
    private readonly List<PendingRead> _readsAwaitingRound = [];
    private long _readRound;
    private long _confirmedReadRound;

    // ReadIndex requests a follower forwards to its leader, one batch at a time.
    private readonly List<long> _forwardQueue = [];
    private List<long>? _forwardInFlight;
    private long _forwardBatchId;
    private int _forwardTicks;

    private readonly record struct PendingRead(long RequestId, string? From, long ReadIndex, long Round);

    private sealed record IncomingSnapshot(long Index, long Term, MemoryStream Data);

    /// <param name="snapshotData">The state machine bytes of the snapshot the log starts after (to send to followers that need it).</param>
    public RaftCore(string id, RaftOptions options, Random random, long term, string? votedFor, RaftLog log, ClusterConfiguration snapshotConfiguration, byte[]? snapshotData = null)
    {
        _snapshotData = snapshotData ?? [];
        Id = id;
        _options = options;
        _random = random;
        Term = term;
        VotedFor = votedFor;
        Log = log;
        _snapshotConfiguration = snapshotConfiguration;
        CommitIndex = log.SnapshotIndex;
        _handedOutIndex = log.SnapshotIndex;
        _durableIndex = log.LastIndex;
        Configuration = snapshotConfiguration;
        RecomputeConfiguration();
        Role = Configuration.IsLearner(id) ? RaftRole.Learner : RaftRole.Follower;
        // Batch ids must not repeat across restarts: the term often survives one, and the leader
        // may still answer a batch of the previous process with a read index from before the
        // restart, which must not serve reads asked for since (thesis §6.4). A random start
        // makes such a collision practically impossible.
        _forwardBatchId = random.NextInt64(long.MaxValue / 2);
        ResetElectionTimer();
    }

    public string Id { get; }

    public long Term { get; private set; }

    public string? VotedFor { get; private set; }

    public RaftLog Log { get; }

    public RaftRole Role { get; private set; }

    public string? LeaderId { get; private set; }

    public long CommitIndex { get; private set; }

    /// <summary>The latest configuration in the log, in effect whether committed or not (thesis §4.1).</summary>
    public ClusterConfiguration Configuration { get; private set; }

    public long ConfigurationIndex { get; private set; }

    /// <summary>Last index known to be durable locally.</summary>
    public long DurableIndex => _durableIndex;

    /// <summary>The voter this leader is handing leadership to, if a transfer is under way.</summary>
    public string? TransferTarget => _transferTarget;

    /// <summary>Size of the snapshot the log starts after (what a lagging follower is sent).</summary>
    public int SnapshotSize => _snapshotData.Length;

    /// <summary>The leader's view of each peer (empty on other roles).</summary>
    public IReadOnlyDictionary<string, Progress> Progress => _progress;

    private bool IsVoter => Configuration.IsVoter(Id);

    /// <summary>Heard from a leader within the minimum election timeout: the leader lease of thesis §4.2.3.</summary>
    private bool InLeaderLease => _options.CheckQuorum && LeaderId is not null && _electionElapsed < _options.ElectionTicks;

    public Ready TakeReady()
    {
        var ready = _ready;
        _ready = new Ready();
        return ready;
    }

    /// <summary>
    /// Writes the first configuration into an empty log (index 1, term 1) so that every server
    /// bootstrapped with the same members starts from the same log. Returns false, changing
    /// nothing, when this server already has state.
    /// </summary>
    public bool Bootstrap(ClusterConfiguration configuration)
    {
        if (Term > 0 || Log.LastIndex > 0) return false;
        SetHardState(1, null);
        AppendToLog([new LogEntry(1, 1, EntryKind.Configuration, ConfigurationCodec.Encode(configuration))]);
        Role = Configuration.IsLearner(Id) ? RaftRole.Learner : RaftRole.Follower;
        if (Configuration.Voters.Count == 1 && IsVoter) Campaign(preVote: false, transfer: false);
        return true;
    }

    // ---------------------------------------------------------------- time

    public void Tick()
    {
        if (Role == RaftRole.Leader) TickLeader();
        else TickFollower();
    }

    private void TickFollower()
    {
        _electionElapsed++;
        if (_forwardInFlight is not null && ++_forwardTicks > 2 * _options.ElectionTicks)
        {
            // The leader never answered; the reads fail and their clients may retry.
            _ready.FailedReads.AddRange(_forwardInFlight);
            _forwardInFlight = null;
            SendReadBatch();
        }
        if (Role != RaftRole.Learner && IsVoter && _electionElapsed >= _randomizedElectionTimeout)
        {
            _electionElapsed = 0;
            Campaign(_options.PreVote, transfer: false);
        }
    }

    private void TickLeader()
    {
        _electionElapsed++;
        _heartbeatElapsed++;
        foreach (var progress in _progress.Values)
        {
            progress.TicksSinceContact++;
            // Pipelined AppendEntries that were never answered (a lost link): probe again.
            if (progress.State == ProgressState.Replicate && progress.Inflight > 0 && ++progress.TicksWithoutAck > _options.ElectionTicks)
            {
                progress.BecomeProbe(progress.MatchIndex + 1);
                SendAppend(progress, sendIfEmpty: true);
            }
            else if (progress.State == ProgressState.Snapshot && ++progress.TicksWithoutAck > _options.ElectionTicks)
            {
                // An interrupted transfer starts over from the latest snapshot.
                progress.BecomeSnapshot(Log.SnapshotIndex);
                SendSnapshotChunk(progress);
            }
        }
        if (_transferTarget is not null && ++_transferElapsed >= _options.ElectionTicks)
        {
            // §3.10: the target did not take over within an election timeout; resume service.
            _transferTarget = null;
        }
        MaybePromoteLearner();
        MaybeRemoveDeadServer();
        if (_electionElapsed >= _options.ElectionTicks)
        {
            _electionElapsed = 0;
            // Check-quorum (thesis §6.2): a leader cut off from a majority steps down, so that
            // clients go elsewhere instead of waiting on a leader that cannot commit.
            if (_options.CheckQuorum && !QuorumActive())
            {
                BecomeFollower(Term, null);
                return;
            }
            foreach (var progress in _progress.Values) progress.RecentActive = false;
        }
        if (_heartbeatElapsed >= _options.HeartbeatTicks)
        {
            _heartbeatElapsed = 0;
            BroadcastHeartbeat();
        }
    }

    private bool QuorumActive()
    {
        var active = Configuration.Voters.Count(v => v.Id == Id || (_progress.TryGetValue(v.Id, out var p) && p.RecentActive));
        return Quorum.IsMajority(Configuration.Voters.Count, active);
    }

    private void ResetElectionTimer()
    {
        _electionElapsed = 0;
        // §5.2: randomised timeouts make split votes rare.
        _randomizedElectionTimeout = _options.ElectionTicks + _random.Next(_options.ElectionTicks);
    }

    // ---------------------------------------------------------------- messages

    public void Step(IRaftMessage message)
    {
        if (message.Term > Term)
        {
            switch (message)
            {
                case RequestVote request:
                    if (VoteRules.IgnoreDisruptiveRequest(InLeaderLease, request.LeadershipTransfer)) return;
                    // A pre-vote changes nothing, not even our term (thesis §9.6).
                    if (!request.PreVote) BecomeFollower(message.Term, null);
                    break;
                case RequestVoteResponse { PreVote: true, Granted: true }:
                    // A granted pre-vote carries the term we would campaign in.
                    break;
                default:
                    // §5.1: a higher term makes us a follower; only a leader's messages name the leader.
                    BecomeFollower(message.Term, message is AppendEntries or Heartbeat or InstallSnapshot ? message.From : null);
                    break;
            }
        }
        else if (message.Term < Term)
        {
            RespondToStaleMessage(message);
            return;
        }

        switch (message)
        {
            case RequestVote request: HandleRequestVote(request); break;
            case RequestVoteResponse response: HandleVoteResponse(response); break;
            case AppendEntries request: HandleAppendEntries(request); break;
            case AppendEntriesResponse response: HandleAppendResponse(response); break;
            case Heartbeat heartbeat: HandleHeartbeat(heartbeat); break;
            case HeartbeatResponse response: HandleHeartbeatResponse(response); break;
            case ReadIndexRequest request: HandleReadIndexRequest(request); break;
            case ReadIndexResponse response: HandleReadIndexResponse(response); break;
            case InstallSnapshot request: HandleInstallSnapshot(request); break;
            case InstallSnapshotResponse response: HandleInstallSnapshotResponse(response); break;
            case TimeoutNow:
                if (IsVoter && Role != RaftRole.Leader) Campaign(preVote: false, transfer: true);
                break;
        }
    }

    private void RespondToStaleMessage(IRaftMessage message)
    {
        switch (message)
        {
            // A leader from an older term (cut off by a partition) learns our term and steps
            // down. Without this, with pre-vote and check-quorum, nobody would tell it.
            case AppendEntries request:
                Send(request.From, new AppendEntriesResponse(Term, Id, false, 0, 0, 0, 0, Log.LastIndex, request.Session));
                break;
            case Heartbeat heartbeat:
                Send(heartbeat.From, new HeartbeatResponse(Term, Id, 0, Log.LastIndex));
                break;
            case InstallSnapshot request:
                Send(request.From, new InstallSnapshotResponse(Term, Id, request.LastIncludedIndex, 0, false, request.Session));
                break;
            case RequestVote { PreVote: true } request:
                Send(request.From, new RequestVoteResponse(Term, Id, false, true));
                break;
        }
    }

    // ---------------------------------------------------------------- elections

    private void Campaign(bool preVote, bool transfer)
    {
        if (!IsVoter) return;
        _votesGranted.Clear();
        _votesRejected.Clear();
        _votesGranted.Add(Id);
        long campaignTerm;
        if (preVote)
        {
            Role = RaftRole.PreCandidate;
            LeaderId = null;
            campaignTerm = Term + 1;
        }
        else
        {
            // §5.2: a candidate votes for itself in a new term; durable before it asks others,
            // or a crash could let it vote again in that term.
            SetHardState(Term + 1, Id);
            Role = RaftRole.Candidate;
            LeaderId = null;
            campaignTerm = Term;
        }
        ResetElectionTimer();
        if (Quorum.Tally(Configuration.Voters.Count, _votesGranted.Count, 0) == VoteTally.Won)
        {
            if (preVote) Campaign(preVote: false, transfer);
            else BecomeLeader();
            return;
        }
        foreach (var voter in Configuration.Voters)
        {
            if (voter.Id == Id) continue;
            var request = new RequestVote(campaignTerm, Id, Log.LastIndex, Log.LastTerm, preVote, transfer);
            if (preVote) Send(voter.Id, request);
            else SendAfterPersist(voter.Id, request);
        }
    }

    private void HandleRequestVote(RequestVote request)
    {
        var upToDate = Log.IsUpToDate(request.LastLogIndex, request.LastLogTerm);
        // Learners and servers outside the configuration never vote (thesis §4.2.1).
        var grant = IsVoter && VoteRules.Grant(VotedFor, LeaderId is not null, request.From, upToDate, request.PreVote, request.Term, Term);
        if (grant && !request.PreVote)
        {
            SetHardState(Term, request.From);
            _electionElapsed = 0;
        }
        var responseTerm = grant && request.PreVote ? request.Term : Term;
        SendAfterPersist(request.From, new RequestVoteResponse(responseTerm, Id, grant, request.PreVote));
    }

    private void HandleVoteResponse(RequestVoteResponse response)
    {
        var counting = (Role == RaftRole.PreCandidate && response.PreVote) || (Role == RaftRole.Candidate && !response.PreVote);
        if (!counting || !Configuration.IsVoter(response.From)) return;
        if (response.Granted) _votesGranted.Add(response.From);
        else _votesRejected.Add(response.From);
        switch (Quorum.Tally(Configuration.Voters.Count, _votesGranted.Count, _votesRejected.Count))
        {
            case VoteTally.Won when Role == RaftRole.PreCandidate:
                Campaign(preVote: false, transfer: false);
                break;
            case VoteTally.Won:
                BecomeLeader();
                break;
            case VoteTally.Lost:
                BecomeFollower(Term, null);
                break;
        }
    }

    private void BecomeFollower(long term, string? leaderId)
    {
        var wasLeader = Role == RaftRole.Leader;
        _transferTarget = null;
        if (term > Term) SetHardState(term, null);
        Role = Configuration.IsLearner(Id) ? RaftRole.Learner : RaftRole.Follower;
        ResetElectionTimer();
        if (wasLeader)
        {
            _progress.Clear();
            FailLeaderReads();
        }
        SetLeader(leaderId);
    }

    private void BecomeLeader()
    {
        Role = RaftRole.Leader;
        LeaderId = Id;
        _electionElapsed = 0;
        _heartbeatElapsed = 0;
        _readRound = 0;
        _confirmedReadRound = 0;
        _progress.Clear();
        foreach (var member in Configuration.All)
            if (member.Id != Id) AddProgress(member.Id);
        // §5.4.2, §8: a no-op of the new term lets entries of earlier terms commit, and tells the
        // leader which entries are committed before it serves reads (thesis §6.4).
        AppendToLog([new LogEntry(Log.LastIndex + 1, Term, EntryKind.NoOp, LogEntry.Empty)]);
        BroadcastAppend();
        // Reads this server was forwarding as a follower are now its own to confirm.
        var forwarded = (_forwardInFlight ?? []).Concat(_forwardQueue).ToList();
        _forwardInFlight = null;
        _forwardQueue.Clear();
        foreach (var id in forwarded) LeaderRead(new PendingRead(id, null, 0, 0));
    }

    private void AddProgress(string id)
    {
        _progress[id] = new Progress(id, Log.LastIndex + 1, ++_nextSession) { RecentActive = true };
    }

    private void SetLeader(string? leaderId)
    {
        if (leaderId == LeaderId) return;
        LeaderId = leaderId;
        // Reads forwarded to the previous leader go to the new one (reads are idempotent).
        if (_forwardInFlight is not null)
        {
            _forwardQueue.InsertRange(0, _forwardInFlight);
            _forwardInFlight = null;
        }
        SendReadBatch();
    }

    // ---------------------------------------------------------------- replication

    /// <summary>
    /// Appends client commands to the leader's log (§5.3) and starts replicating them.
    /// Returns the index of the first, or 0 when this server is not the leader.
    /// </summary>
    public long Propose(IReadOnlyList<byte[]> commands) =>
        Propose(commands.Select(c => (EntryKind.Command, c)).ToList());

    public long Propose(IReadOnlyList<(EntryKind Kind, byte[] Data)> entries)
    {
        // During a transfer the leader takes no new entries, so the target can catch up (§3.10).
        if (Role != RaftRole.Leader || _transferTarget is not null || entries.Count == 0) return 0;
        var first = Log.LastIndex + 1;
        var batch = new LogEntry[entries.Count];
        for (var i = 0; i < entries.Count; i++) batch[i] = new LogEntry(first + i, Term, entries[i].Kind, entries[i].Data);
        AppendToLog(batch);
        BroadcastAppend();
        return first;
    }

    /// <summary>The host reports that the journal holds the log up to index (entry of term).</summary>
    public void OnStable(long index, long term)
    {
        // A later truncation may have replaced that entry; only a matching term counts.
        if (Log.TermAt(index) != term) return;
        _durableIndex = Math.Max(_durableIndex, Math.Min(index, Log.LastIndex));
        if (Role == RaftRole.Leader) MaybeCommit();
    }

    private void AppendToLog(IReadOnlyList<LogEntry> entries)
    {
        Log.Append(entries);
        _ready.Events.Add(new EntriesAppended(entries));
        _ready.StableTo = (entries[^1].Index, entries[^1].Term);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Kind != EntryKind.Configuration) continue;
            SetConfiguration(ConfigurationCodec.Decode(entries[i].Data), entries[i].Index);
            break;
        }
    }

    private void BroadcastAppend()
    {
        foreach (var progress in _progress.Values) SendAppends(progress);
    }

    private void SendAppends(Progress progress)
    {
        while (SendAppend(progress, sendIfEmpty: false) && progress.State == ProgressState.Replicate && progress.NextIndex <= Log.LastIndex)
        {
        }
    }

    private bool SendAppend(Progress progress, bool sendIfEmpty)
    {
        if (!progress.CanSend(_options.MaxInflight)) return false;
        var prevIndex = progress.NextIndex - 1;
        var prevTerm = Log.TermAt(prevIndex);
        if (prevTerm is null)
        {
            // §7: the entries this follower needs are compacted away; send the snapshot instead.
            progress.BecomeSnapshot(Log.SnapshotIndex);
            SendSnapshotChunk(progress);
            return false;
        }
        var entries = progress.NextIndex <= Log.LastIndex
            ? Log.Slice(progress.NextIndex, Log.LastIndex, _options.MaxAppendBytes)
            : [];
        if (entries.Count == 0 && !sendIfEmpty) return false;
        Send(progress.Id, new AppendEntries(Term, Id, prevIndex, prevTerm.Value, entries, CommitIndex, progress.Session));
        progress.OnSent(entries.Count > 0 ? entries[^1].Index : prevIndex);
        return true;
    }

    private void HandleAppendEntries(AppendEntries request)
    {
        if (Role is RaftRole.Candidate or RaftRole.PreCandidate) BecomeFollower(Term, request.From);
        if (Role == RaftRole.Leader) return; // impossible: one leader per term (§5.2)
        SetLeader(request.From);
        _electionElapsed = 0;

        switch (Log.Decide(request.PrevLogIndex, request.PrevLogTerm, request.Entries))
        {
            case AppendDecision.Reject reject:
                SendAfterPersist(request.From, new AppendEntriesResponse(Term, Id, false, 0, request.PrevLogIndex, reject.ConflictIndex, reject.ConflictTerm, Log.LastIndex, request.Session));
                return;
            case AppendDecision.Accept accept:
                if (accept.TruncateFrom > 0)
                {
                    if (accept.TruncateFrom <= CommitIndex)
                        throw new InvalidOperationException($"leader {request.From} would truncate committed entry {accept.TruncateFrom} (commit {CommitIndex})");
                    Log.TruncateFrom(accept.TruncateFrom);
                    _ready.Events.Add(new LogTruncated(accept.TruncateFrom));
                    _durableIndex = Math.Min(_durableIndex, accept.TruncateFrom - 1);
                    if (ConfigurationIndex >= accept.TruncateFrom) RecomputeConfiguration();
                }
                if (accept.ToAppend.Count > 0) AppendToLog(accept.ToAppend);
                // §5.3: commit what the leader committed, as far as our log is known to match it.
                AdvanceCommit(Math.Min(request.LeaderCommit, accept.MatchIndex));
                SendAfterPersist(request.From, new AppendEntriesResponse(Term, Id, true, accept.MatchIndex, 0, 0, 0, Log.LastIndex, request.Session));
                return;
        }
    }

    private void HandleAppendResponse(AppendEntriesResponse response)
    {
        if (Role != RaftRole.Leader || !_progress.TryGetValue(response.From, out var progress) || progress.Session != response.Session) return;
        Heard(progress);
        if (response.Success)
        {
            if (progress.OnAccepted(response.MatchIndex)) MaybeCommit();
            if (Role != RaftRole.Leader) return;
            SendAppends(progress);
            if (response.From == _transferTarget && progress.MatchIndex == Log.LastIndex) Send(response.From, new TimeoutNow(Term, Id));
            return;
        }
        // Fast back-off (§5.3): skip the follower's whole conflicting term, or to its log's end.
        var hintNext = response.ConflictIndex;
        if (response.ConflictTerm > 0)
        {
            var last = Log.LastIndexOfTerm(response.ConflictTerm);
            if (last > 0) hintNext = last + 1;
        }
        if (progress.OnRejected(response.RejectedIndex, hintNext)) SendAppend(progress, sendIfEmpty: true);
    }

    private void MaybeCommit()
    {
        var matches = Configuration.Voters
            .Select(v => v.Id == Id ? _durableIndex : _progress.TryGetValue(v.Id, out var p) ? p.MatchIndex : 0)
            .ToArray();
        var commit = CommitRules.Advance(CommitIndex, Term, matches, Log.TermAt);
        if (commit <= CommitIndex) return;
        AdvanceCommit(commit);
        if (ConfigurationIndex <= CommitIndex)
            foreach (var id in _progress.Keys.Where(id => !Configuration.Contains(id)).ToList())
                _progress.Remove(id);
        if (ConfigurationIndex <= CommitIndex && !IsVoter)
        {
            StepDownRemoved();
            return;
        }
        StartReadsAwaitingTermCommit();
        // Followers learn the new commit index from the next AppendEntries; send an empty one to
        // those with nothing else coming, so their applied state (and their reads) keep up.
        foreach (var progress in _progress.Values)
            if (progress.State == ProgressState.Replicate && progress.NextIndex > Log.LastIndex)
                SendAppend(progress, sendIfEmpty: true);
    }

    private void AdvanceCommit(long commit)
    {
        if (commit <= CommitIndex) return;
        CommitIndex = commit;
        for (var index = _handedOutIndex + 1; index <= CommitIndex; index++)
            _ready.CommittedEntries.Add(Log.EntryAt(index));
        _handedOutIndex = CommitIndex;
    }

    private void BroadcastHeartbeat()
    {
        foreach (var progress in _progress.Values)
            // Only as far as the follower is known to match: its log beyond may still differ.
            Send(progress.Id, new Heartbeat(Term, Id, Math.Min(progress.MatchIndex, CommitIndex), _readRound));
    }

    private void HandleHeartbeat(Heartbeat heartbeat)
    {
        if (Role is RaftRole.Candidate or RaftRole.PreCandidate) BecomeFollower(Term, heartbeat.From);
        if (Role == RaftRole.Leader) return;
        SetLeader(heartbeat.From);
        _electionElapsed = 0;
        AdvanceCommit(Math.Min(heartbeat.Commit, Log.LastIndex));
        SendAfterPersist(heartbeat.From, new HeartbeatResponse(Term, Id, heartbeat.ReadRound, Log.LastIndex));
    }

    private void HandleHeartbeatResponse(HeartbeatResponse response)
    {
        if (Role != RaftRole.Leader || !_progress.TryGetValue(response.From, out var progress)) return;
        Heard(progress);
        progress.AckedReadRound = Math.Max(progress.AckedReadRound, response.ReadRound);
        if (progress.State == ProgressState.Probe)
        {
            progress.ResumeProbe();
            SendAppend(progress, sendIfEmpty: true);
        }
        ConfirmReadRounds();
    }

    // ---------------------------------------------------------------- configuration

    private void SetConfiguration(ClusterConfiguration configuration, long index)
    {
        Configuration = configuration;
        ConfigurationIndex = index;
        if (Role == RaftRole.Leader)
        {
            // A removed server keeps being replicated to until its removal commits, so that it
            // learns it was removed instead of campaigning for a configuration that is gone.
            foreach (var member in configuration.All)
                if (member.Id != Id && !_progress.ContainsKey(member.Id)) AddProgress(member.Id);
        }
        else if (Role is RaftRole.Follower or RaftRole.Learner)
        {
            Role = configuration.IsLearner(Id) ? RaftRole.Learner : RaftRole.Follower;
        }
    }

    private void RecomputeConfiguration()
    {
        for (var index = Log.LastIndex; index >= Log.FirstIndex; index--)
        {
            var entry = Log.EntryAt(index);
            if (entry.Kind != EntryKind.Configuration) continue;
            SetConfiguration(ConfigurationCodec.Decode(entry.Data), index);
            return;
        }
        SetConfiguration(_snapshotConfiguration, Log.SnapshotIndex);
    }

    /// <summary>
    /// Appends a new configuration (thesis §4.1). Returns its index, or 0 and the reason it
    /// may not be appended now.
    /// </summary>
    public (long Index, string? Rejection) ProposeConfiguration(ClusterConfiguration next)
    {
        if (Role != RaftRole.Leader) return (0, "not the leader");
        if (_transferTarget is not null) return (0, "a leadership transfer is under way; retry shortly");
        var rejection = MembershipRules.CannotChange(ConfigurationIndex, CommitIndex, Log.TermAt(CommitIndex) == Term);
        if (rejection is not null) return (0, rejection);
        if (next.Voters.Count == 0) return (0, "a configuration needs at least one voter");
        var index = Log.LastIndex + 1;
        AppendToLog([new LogEntry(index, Term, EntryKind.Configuration, ConfigurationCodec.Encode(next))]);
        BroadcastAppend();
        return (index, null);
    }

    private static void Heard(Progress progress)
    {
        progress.RecentActive = true;
        progress.TicksSinceContact = 0;
    }

    private void MaybeRemoveDeadServer()
    {
        if (_options.RemoveDeadServersAfterTicks <= 0) return;
        if (MembershipRules.CannotChange(ConfigurationIndex, CommitIndex, Log.TermAt(CommitIndex) == Term) is not null) return;
        var silence = _progress.Values.ToDictionary(p => p.Id, p => p.TicksSinceContact);
        var dead = MembershipRules.DeadServerToRemove(Configuration, silence, _options.RemoveDeadServersAfterTicks, _options.MinimumVoters);
        if (dead is not null) ProposeConfiguration(MembershipRules.Remove(Configuration, dead)!);
    }

    private void MaybePromoteLearner()
    {
        if (MembershipRules.CannotChange(ConfigurationIndex, CommitIndex, Log.TermAt(CommitIndex) == Term) is not null) return;
        foreach (var learner in Configuration.Learners)
        {
            if (!_progress.TryGetValue(learner.Id, out var progress) || !progress.RecentActive) continue;
            if (!MembershipRules.CaughtUp(progress.MatchIndex, Log.LastIndex, _options.PromoteWithinEntries)) continue;
            ProposeConfiguration(MembershipRules.Promote(Configuration, learner.Id));
            return;
        }
    }

    /// <summary>
    /// A leader removed from the configuration keeps leading until the removal commits (thesis
    /// §4.2.2), then hands over to the most up-to-date voter and steps down.
    /// </summary>
    private void StepDownRemoved()
    {
        var successor = _progress.Values
            .Where(p => Configuration.IsVoter(p.Id))
            .OrderByDescending(p => p.MatchIndex)
            .FirstOrDefault();
        if (successor is not null && successor.MatchIndex == Log.LastIndex) Send(successor.Id, new TimeoutNow(Term, Id));
        BecomeFollower(Term, null);
    }

    /// <summary>
    /// Starts handing leadership to a voter (thesis §3.10): the leader stops taking entries,
    /// brings the target up to date, then tells it to campaign at once with TimeoutNow. Null
    /// picks the voter with the highest match index. Returns the reason it cannot, or null.
    /// </summary>
    public string? TransferLeadership(string? to)
    {
        if (Role != RaftRole.Leader) return "not the leader";
        to ??= _progress.Values.Where(p => Configuration.IsVoter(p.Id)).OrderByDescending(p => p.MatchIndex).FirstOrDefault()?.Id;
        if (to is null) return "there is no other voter to hand leadership to";
        if (to == Id) return null;
        if (!Configuration.IsVoter(to) || !_progress.TryGetValue(to, out var progress))
            return $"{to} is not a voter of this cluster";
        _transferTarget = to;
        _transferElapsed = 0;
        if (progress.MatchIndex == Log.LastIndex) Send(to, new TimeoutNow(Term, Id));
        else SendAppends(progress);
        return null;
    }

    // ---------------------------------------------------------------- snapshots (§7)

    /// <summary>The configuration in force at index (the latest one at or before it).</summary>
    public ClusterConfiguration ConfigurationAt(long index)
    {
        for (var i = Math.Min(index, Log.LastIndex); i >= Log.FirstIndex; i--)
        {
            var entry = Log.EntryAt(i);
            if (entry.Kind == EntryKind.Configuration) return ConfigurationCodec.Decode(entry.Data);
        }
        return _snapshotConfiguration;
    }

    /// <summary>
    /// The host took a snapshot of the state machine at index (applied, hence committed):
    /// the log drops the entries it covers, and the snapshot is what lagging followers get.
    /// </summary>
    public void Compact(long index, byte[] snapshotData)
    {
        if (index <= Log.SnapshotIndex) return;
        if (index > CommitIndex) throw new InvalidOperationException($"cannot compact to {index}: only {CommitIndex} is committed");
        _snapshotConfiguration = ConfigurationAt(index);
        Log.CompactTo(index, Log.TermAt(index)!.Value);
        _snapshotData = snapshotData;
        // Transfers of an older snapshot start over with this one.
        foreach (var progress in _progress.Values.Where(p => p.State == ProgressState.Snapshot))
        {
            progress.BecomeSnapshot(index);
            SendSnapshotChunk(progress);
        }
    }

    private void SendSnapshotChunk(Progress progress)
    {
        var offset = (int)Math.Min(progress.SnapshotOffset, _snapshotData.Length);
        var length = Math.Min(_options.SnapshotChunkBytes, _snapshotData.Length - offset);
        var chunk = _snapshotData.AsSpan(offset, length).ToArray();
        var done = offset + length >= _snapshotData.Length;
        Send(progress.Id, new InstallSnapshot(Term, Id, Log.SnapshotIndex, Log.SnapshotTerm,
            ConfigurationCodec.Encode(_snapshotConfiguration), offset, chunk, done, progress.Session));
    }

    private void HandleInstallSnapshot(InstallSnapshot request)
    {
        if (Role is RaftRole.Candidate or RaftRole.PreCandidate) BecomeFollower(Term, request.From);
        if (Role == RaftRole.Leader) return;
        SetLeader(request.From);
        _electionElapsed = 0;

        if (request.LastIncludedIndex <= CommitIndex)
        {
            // We already hold everything it covers.
            SendAfterPersist(request.From, new InstallSnapshotResponse(Term, Id, request.LastIncludedIndex, request.Offset + request.Chunk.Length, true, request.Session));
            return;
        }
        if (request.Offset == 0 || _incomingSnapshot?.Index != request.LastIncludedIndex || _incomingSnapshot.Term != request.LastIncludedTerm)
            _incomingSnapshot = request.Offset == 0 ? new IncomingSnapshot(request.LastIncludedIndex, request.LastIncludedTerm, new MemoryStream()) : null;
        if (_incomingSnapshot is null || _incomingSnapshot.Data.Length != request.Offset)
        {
            // Out of order (a restarted or interrupted transfer): say where we are.
            var expected = _incomingSnapshot?.Data.Length ?? 0;
            Send(request.From, new InstallSnapshotResponse(Term, Id, request.LastIncludedIndex, expected, false, request.Session));
            return;
        }
        _incomingSnapshot.Data.Write(request.Chunk);
        if (!request.Done)
        {
            Send(request.From, new InstallSnapshotResponse(Term, Id, request.LastIncludedIndex, _incomingSnapshot.Data.Length, false, request.Session));
            return;
        }

        var data = _incomingSnapshot.Data.ToArray();
        _incomingSnapshot = null;
        var configuration = ConfigurationCodec.Decode(request.Configuration);
        // §7: the snapshot replaces the whole log (ours is behind it or conflicts with it).
        Log.ResetTo(request.LastIncludedIndex, request.LastIncludedTerm);
        _snapshotConfiguration = configuration;
        _snapshotData = data;
        CommitIndex = request.LastIncludedIndex;
        _handedOutIndex = request.LastIncludedIndex;
        _durableIndex = request.LastIncludedIndex;
        SetConfiguration(configuration, request.LastIncludedIndex);
        _ready.Events.Add(new SnapshotInstalled(request.LastIncludedIndex, request.LastIncludedTerm, request.Configuration, data));
        _ready.InstalledSnapshot = (request.LastIncludedIndex, data);
        _ready.StableTo = (request.LastIncludedIndex, request.LastIncludedTerm);
        SendAfterPersist(request.From, new InstallSnapshotResponse(Term, Id, request.LastIncludedIndex, data.Length, true, request.Session));
    }

    private void HandleInstallSnapshotResponse(InstallSnapshotResponse response)
    {
        if (Role != RaftRole.Leader || !_progress.TryGetValue(response.From, out var progress) || progress.Session != response.Session) return;
        Heard(progress);
        if (progress.State != ProgressState.Snapshot || response.LastIncludedIndex != progress.SnapshotIndex) return;
        if (response.Done)
        {
            progress.OnSnapshotInstalled(response.LastIncludedIndex);
            SendAppend(progress, sendIfEmpty: true);
            return;
        }
        progress.OnSnapshotProgress(response.NextOffset);
        SendSnapshotChunk(progress);
    }

    // ---------------------------------------------------------------- linearizable reads

    /// <summary>
    /// Asks for a linearizable read (thesis §6.4). Eventually the Ready carries either a
    /// ReadState (serve once applied up to its index) or a failed read with this id.
    /// </summary>
    public void RequestRead(long requestId)
    {
        if (Role == RaftRole.Leader)
        {
            LeaderRead(new PendingRead(requestId, null, 0, 0));
        }
        else if (LeaderId is not null)
        {
            _forwardQueue.Add(requestId);
            SendReadBatch();
        }
        else
        {
            _ready.FailedReads.Add(requestId);
        }
    }

    private void LeaderRead(PendingRead read)
    {
        // Step 1: until an entry of its own term commits, a new leader does not know the
        // commit index of its predecessors.
        if (Log.TermAt(CommitIndex) != Term)
        {
            _readsAwaitingTermCommit.Add(read);
            return;
        }
        // Step 2: the read index is the commit index now; steps 3-4: a heartbeat round sent after
        // the read arrived, answered by a majority, proves nobody has deposed us meanwhile.
        read = read with { ReadIndex = CommitIndex, Round = _readRound + 1 };
        if (Configuration.Voters.Count == 1 && IsVoter)
        {
            CompleteRead(read);
            return;
        }
        _readsAwaitingRound.Add(read);
        // All reads that arrive while a round is out share the next one.
        if (_confirmedReadRound == _readRound) StartReadRound();
    }

    private void StartReadRound()
    {
        _readRound++;
        BroadcastHeartbeat();
    }

    private void StartReadsAwaitingTermCommit()
    {
        if (_readsAwaitingTermCommit.Count == 0 || Log.TermAt(CommitIndex) != Term) return;
        var reads = _readsAwaitingTermCommit.ToList();
        _readsAwaitingTermCommit.Clear();
        foreach (var read in reads) LeaderRead(read);
    }

    private void ConfirmReadRounds()
    {
        if (_readsAwaitingRound.Count == 0) return;
        var acked = Configuration.Voters
            .Select(v => v.Id == Id ? _readRound : _progress.TryGetValue(v.Id, out var p) ? p.AckedReadRound : 0)
            .ToArray();
        var confirmed = Quorum.CommittedIndex(acked);
        if (confirmed > _confirmedReadRound)
        {
            _confirmedReadRound = confirmed;
            var ready = _readsAwaitingRound.Where(r => r.Round <= confirmed).ToList();
            _readsAwaitingRound.RemoveAll(r => r.Round <= confirmed);
            foreach (var read in ready) CompleteRead(read);
        }
        if (_readsAwaitingRound.Count > 0 && _confirmedReadRound == _readRound) StartReadRound();
    }

    private void CompleteRead(PendingRead read)
    {
        if (read.From is null) _ready.ReadStates.Add(new ReadState(read.RequestId, read.ReadIndex));
        else Send(read.From, new ReadIndexResponse(Term, Id, read.RequestId, read.ReadIndex, true));
    }

    private void FailLeaderReads()
    {
        foreach (var read in _readsAwaitingTermCommit.Concat(_readsAwaitingRound))
        {
            if (read.From is null) _ready.FailedReads.Add(read.RequestId);
            else Send(read.From, new ReadIndexResponse(Term, Id, read.RequestId, 0, false));
        }
        _readsAwaitingTermCommit.Clear();
        _readsAwaitingRound.Clear();
    }

    private void HandleReadIndexRequest(ReadIndexRequest request)
    {
        if (Role == RaftRole.Leader) LeaderRead(new PendingRead(request.BatchId, request.From, 0, 0));
        else Send(request.From, new ReadIndexResponse(Term, Id, request.BatchId, 0, false));
    }

    private void HandleReadIndexResponse(ReadIndexResponse response)
    {
        if (_forwardInFlight is null || response.BatchId != _forwardBatchId) return;
        foreach (var id in _forwardInFlight)
        {
            if (response.Ok) _ready.ReadStates.Add(new ReadState(id, response.ReadIndex));
            else _ready.FailedReads.Add(id);
        }
        _forwardInFlight = null;
        SendReadBatch();
    }

    private void SendReadBatch()
    {
        if (_forwardInFlight is not null || _forwardQueue.Count == 0) return;
        if (LeaderId is null || Role == RaftRole.Leader)
        {
            if (LeaderId is null)
            {
                _ready.FailedReads.AddRange(_forwardQueue);
                _forwardQueue.Clear();
            }
            return;
        }
        _forwardInFlight = [.. _forwardQueue];
        _forwardQueue.Clear();
        _forwardTicks = 0;
        Send(LeaderId, new ReadIndexRequest(Term, Id, ++_forwardBatchId));
    }

    // ---------------------------------------------------------------- output

    private void SetHardState(long term, string? votedFor)
    {
        Term = term;
        VotedFor = votedFor;
        _ready.Events.Add(new HardStateChanged(term, votedFor));
    }

    private void Send(string to, IRaftMessage message) => _ready.Messages.Add(new Envelope(to, message));

    private void SendAfterPersist(string to, IRaftMessage message) => _ready.MessagesAfterPersist.Add(new Envelope(to, message));
}
