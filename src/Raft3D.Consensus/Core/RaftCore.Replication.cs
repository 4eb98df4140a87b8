using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Replication;

namespace Raft3D.Consensus.Core;

/// <summary>Log replication and commitment (§5.3, §5.4.2), pipelined per follower (thesis §10.2.1).</summary>
public sealed partial class RaftCore
{
    /// <summary>
    /// Appends client commands to the leader's log (§5.3) and starts replicating them.
    /// Returns the index of the first, or 0 when this server is not the leader.
    /// With announceCommitAtOnce the followers learn that these entries are committed as soon as
    /// they are, not on the next tick (<see cref="AnnounceCommit"/>): for writes a follower passed
    /// on, so that by the time its client hears the answer, through that follower, the follower
    /// has (nearly always) applied the write, and a local read there sees it.
    /// </summary>
    public long Propose(IReadOnlyList<byte[]> commands, bool announceCommitAtOnce = false) =>
        Propose(commands.Select(c => (EntryKind.Command, c)).ToList(), announceCommitAtOnce);

    public long Propose(IReadOnlyList<(EntryKind Kind, byte[] Data)> entries, bool announceCommitAtOnce = false)
    {
        // During a transfer the leader takes no new entries, so the target can catch up (§3.10).
        if (Role != RaftRole.Leader || _transferTarget is not null || entries.Count == 0) return 0;
        var first = Log.LastIndex + 1;
        var batch = new LogEntry[entries.Count];
        for (var i = 0; i < entries.Count; i++) batch[i] = new LogEntry(first + i, Term, entries[i].Kind, entries[i].Data);
        AppendToLog(batch);
        if (announceCommitAtOnce) _announceCommitOf = batch[^1].Index;
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
        _ready.Append(entries);
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
        if (prevIndex < progress.MinimumSnapshotIndex)
        {
            // Its log must start after its earlier life as a voter (see EndOfLastVoterStint).
            if (Log.SnapshotIndex >= progress.MinimumSnapshotIndex) StartSnapshotTransfer(progress);
            else _ready.SnapshotRequested = true;
            return false;
        }
        var prevTerm = Log.TermAt(prevIndex);
        if (prevTerm is null)
        {
            // §7: the entries this follower needs are compacted away; send the snapshot instead.
            StartSnapshotTransfer(progress);
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
                    _ready.Truncate(accept.TruncateFrom);
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
        var announceAtOnce = _announceCommitOf > CommitIndex;
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
        _commitUnannounced = true;
        // Sent ahead of the answer (the host applies and answers after sending this ready's
        // messages), on the same FIFO connection as the answer to the forwarding follower.
        if (announceAtOnce) AnnounceCommit();
    }

    /// <summary>
    /// Followers learn the commit index from the next AppendEntries (§5.3). Under load that is
    /// the next batch of entries; when none comes, an empty one goes out on the next tick, as
    /// hashicorp/raft's CommitTimeout does. Announcing every commit at once doubled the messages
    /// of a lone writer (an empty AppendEntries and its answer per follower per write), whose
    /// CPU the other nodes needed for the next write on a small machine. A follower's
    /// linearizable read does not wait for this: the heartbeat round that confirms its read
    /// index carries the commit index (see BroadcastHeartbeat).
    /// </summary>
    private void AnnounceCommit()
    {
        if (!_commitUnannounced) return;
        _commitUnannounced = false;
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
}
