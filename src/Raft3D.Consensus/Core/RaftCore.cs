using Raft3D.Consensus.Election;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Replication;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Core;

/// <summary>
/// Raft as a deterministic state machine, in the manner of etcd's raft.go: inputs are ticks,
/// peer messages, proposals and read requests; outputs accumulate in a <see cref="Ready"/>
/// that the host (the actor, or a simulation) carries out. No I/O, no clock, no threads:
/// randomness comes from the Random it is given, so a seeded run replays exactly.
/// </summary>
public sealed partial class RaftCore
{
    private readonly RaftOptions _options;
    private readonly Random _random;
    private readonly Dictionary<string, Progress> _progress = [];
    private readonly HashSet<string> _votesGranted = [];
    private readonly HashSet<string> _votesRejected = [];
    private ClusterConfiguration _snapshotConfiguration;
    private SnapshotData _snapshotData;

    // A snapshot arriving from the leader, chunk by chunk (§7).
    private IncomingSnapshot? _incomingSnapshot;
    private Ready _ready = new();
    private long _nextSession;
    private int _electionElapsed;
    private int _heartbeatElapsed;
    private int _randomizedElectionTimeout;
    private long _durableIndex;
    private long _handedOutIndex;

    // The leader's commit index moved since followers were last sent an AppendEntries for it.
    private bool _commitUnannounced;

    // The last entry proposed with its commit to be announced at once (see Propose).
    private long _announceCommitOf;

    // A leader that won without anyone's vote (the only voter) holds its messages behind the
    // journal until its first entry of the term, written after its vote, is durable (see Campaign).
    private long _sendAfterDurable;

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

    private sealed record IncomingSnapshot(long Index, long Term, SnapshotDataWriter Data);

    /// <param name="snapshotData">The state machine bytes of the snapshot the log starts after (to send to followers that need it).</param>
    internal RaftCore(string id, RaftOptions options, Random random, long term, string? votedFor, RaftLog log, ClusterConfiguration snapshotConfiguration, SnapshotData? snapshotData = null)
    {
        _snapshotData = snapshotData ?? SnapshotData.Empty;
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

    /// <summary>The log, which this core alone changes; hosts read it through the members of RaftCore.Log.cs.</summary>
    internal RaftLog Log { get; }

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
    public long SnapshotSize => _snapshotData.Length;

    /// <summary>The leader's view of each peer (empty on other roles).</summary>
    public IReadOnlyDictionary<string, Progress> Progress => _progress;

    private bool IsVoter => Configuration.IsVoter(Id);

    /// <summary>
    /// Whether this server takes part in elections: a voter of its latest configuration, or of
    /// the one before it while the latest, which removed it, is not committed. Configurations
    /// take effect when appended (thesis §4.1), so a removal may be in a log that no majority
    /// holds; its server may still be needed to elect a leader, and be the only one whose log
    /// holds the removal (thesis §4.2.2: it "should still start new elections" until Cnew commits).
    /// </summary>
    private bool CanCampaign =>
        IsVoter || (ConfigurationIndex > CommitIndex && !Configuration.Contains(Id) && ConfigurationAt(ConfigurationIndex - 1).IsVoter(Id));

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

    // ---------------------------------------------------------------- messages

    public void Step(IRaftMessage message)
    {
        if (message.Term > Term)
        {
            switch (message)
            {
                case RequestVote request:
                    if (VoteRules.IgnoreDisruptiveRequest(InLeaderLease, request.LeadershipTransfer)) return;
                    // A pre-vote changes nothing, not even our term (thesis §9.6). A real one
                    // makes us a follower in its term without restarting our election timer:
                    // Figure 2 restarts it only for the leader or a granted vote (HandleRequestVote).
                    // Otherwise a candidate with a stale log and a shorter timeout than ours
                    // would hold off, one term after another, the only server that can win.
                    if (!request.PreVote) BecomeFollower(message.Term, null, restartElectionTimer: false);
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
                if (Role != RaftRole.Leader && CanCampaign) Campaign(preVote: false, transfer: true);
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
            // Figure 2: "reply false if term < currentTerm", with our term for the candidate to
            // update itself. Unanswered, a candidate whose only possible voter campaigns in higher
            // terms outside its reach (a stale configuration) could trail it for good.
            case RequestVote request:
                Send(request.From, new RequestVoteResponse(Term, Id, false, request.PreVote));
                break;
        }
    }

    // ---------------------------------------------------------------- output

    private void SetHardState(long term, string? votedFor)
    {
        Term = term;
        VotedFor = votedFor;
        _ready.SetHardState(term, votedFor);
    }

    private void Send(string to, IRaftMessage message)
    {
        if (_durableIndex < _sendAfterDurable) SendAfterPersist(to, message);
        else _ready.Messages.Add(new Envelope(to, message));
    }

    private void SendAfterPersist(string to, IRaftMessage message) => _ready.MessagesAfterPersist.Add(new Envelope(to, message));
}
