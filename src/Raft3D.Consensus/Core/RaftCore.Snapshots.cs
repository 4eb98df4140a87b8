using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Replication;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Core;

/// <summary>Log compaction and InstallSnapshot (§7).</summary>
public sealed partial class RaftCore
{
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
    public void Compact(long index, SnapshotData snapshotData)
    {
        if (index <= Log.SnapshotIndex) return;
        if (index > CommitIndex) throw new InvalidOperationException($"cannot compact to {index}: only {CommitIndex} is committed");
        _snapshotConfiguration = ConfigurationAt(index);
        Log.CompactTo(index, Log.TermAt(index)!.Value);
        _snapshotData = snapshotData;
        // Transfers under way finish with the snapshot they started with: restarted with every
        // new one, a large transfer would never finish while compactions keep coming.
    }

    /// <summary>The latest snapshot, as a transfer that starts now sends it.</summary>
    private SnapshotImage LatestSnapshot() =>
        new(Log.SnapshotIndex, Log.SnapshotTerm, ConfigurationCodec.Encode(_snapshotConfiguration), _snapshotData);

    private void StartSnapshotTransfer(Progress progress)
    {
        progress.BecomeSnapshot(LatestSnapshot());
        SendSnapshotChunk(progress);
    }

    private void SendSnapshotChunk(Progress progress)
    {
        var snapshot = progress.Snapshot!;
        var offset = Math.Min(progress.SnapshotOffset, snapshot.Data.Length);
        var chunk = snapshot.Data.Read(offset, _options.SnapshotChunkBytes);
        var done = offset + chunk.Length >= snapshot.Data.Length;
        Send(progress.Id, new InstallSnapshot(Term, Id, snapshot.Index, snapshot.Term, snapshot.Configuration, offset, chunk, done, progress.Session));
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
        if (Log.TermAt(request.LastIncludedIndex) == request.LastIncludedTerm)
        {
            // §7: "if existing log entry has same index and term as snapshot's last included
            // entry, retain log entries following it". Our log holds everything the snapshot
            // covers, and perhaps entries after it that we acknowledged: discarding those would
            // let the leader count a replica that no longer exists, and probe forever above our
            // last index. The covered entries are committed; apply them from the log (as etcd).
            _incomingSnapshot = null;
            AdvanceCommit(request.LastIncludedIndex);
            SendAfterPersist(request.From, new InstallSnapshotResponse(Term, Id, request.LastIncludedIndex, request.Offset + request.Chunk.Length, true, request.Session));
            return;
        }
        if (request.Offset == 0 || _incomingSnapshot?.Index != request.LastIncludedIndex || _incomingSnapshot.Term != request.LastIncludedTerm)
            _incomingSnapshot = request.Offset == 0 ? new IncomingSnapshot(request.LastIncludedIndex, request.LastIncludedTerm, new SnapshotDataWriter()) : null;
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

        var data = _incomingSnapshot.Data.ToSnapshotData();
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
        _ready.InstallSnapshot(new SnapshotImage(request.LastIncludedIndex, request.LastIncludedTerm, request.Configuration, data));
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
}
