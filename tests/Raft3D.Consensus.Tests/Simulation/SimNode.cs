using System.Text;
using Raft3D.Consensus.Core;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Snapshots;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// The host of one simulated server: its current process (a RaftCore, or none while crashed),
/// its disk (a journal of numbered events, writes still in progress, and a snapshot store) and
/// its state machine (the commands applied, restorable from a snapshot).
/// </summary>
internal sealed class SimNode(int index, string id, bool bootstraps)
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    public Member Member { get; } = new(id, $"akka.tcp://raft@{id}:1", $"http://{id}");

    public RaftCore? Core { get; private set; }

    public bool Up => Core is not null;

    /// <summary>Counts process lifetimes; events of an earlier one are ignored.</summary>
    public long Incarnation { get; private set; }

    /// <summary>
    /// Whether the host bootstraps the initial configuration when it starts: the initial members
    /// do (the core ignores it once it holds state); a spare, or a server whose store was wiped to
    /// rejoin, starts empty and waits for a leader to add it (as RaftActor without Bootstrap).
    /// </summary>
    public bool Bootstraps { get; private set; } = bootstraps;

    /// <summary>Journal events on disk, in sequence order (a prefix may be deleted by a snapshot).</summary>
    public List<JournalRecord> Journal { get; } = [];

    /// <summary>The highest sequence number handed out (Akka.Persistence's LastSequenceNr).</summary>
    public long LastSeq { get; set; }

    /// <summary>The latest snapshot saved in the snapshot store.</summary>
    public SavedSnapshot? Snapshot { get; set; }

    /// <summary>The snapshot being saved (RaftActor keeps at most one in flight).</summary>
    public SavedSnapshot? SnapshotInFlight { get; set; }

    /// <summary>Readies being written, oldest first; a disk completes writes in order.</summary>
    public Queue<PendingWrite> Pending { get; } = new();

    public long LastDue { get; set; }

    /// <summary>The sequence number of the last event whose write was confirmed (what a snapshot may cover).</summary>
    public long ConfirmedSeq { get; set; }

    /// <summary>The last log index this process knows durable in its own journal (the core's stable index).</summary>
    public long DurableIndex { get; set; }

    /// <summary>Readies waiting for their write that later applies must not overtake (RaftActor's _holdingBackApplies).</summary>
    public int HoldingBackApplies { get; set; }

    public long AppliedIndex { get; set; }

    /// <summary>The state machine: payloads of applied commands, in log order.</summary>
    public List<string> AppliedCommands { get; private set; } = [];

    /// <summary>The highest commit index seen in this process lifetime (it must never fall).</summary>
    public long CommitSeen { get; set; }

    /// <summary>Partition group: nodes talk only within their group.</summary>
    public int Group { get; set; }

    /// <summary>Reads confirmed at this node, waiting for the state machine to catch up to their index.</summary>
    public List<ReadState> ReadsToServe { get; } = [];

    public bool HasState => Up || Journal.Count > 0 || Snapshot is not null;

    /// <summary>
    /// Starts a process from what is on disk, exactly as RaftActor recovers: the latest snapshot
    /// (term, vote, log suffix, configuration, state machine), then the journal events after it,
    /// skipping entries the snapshot already covers.
    /// </summary>
    public RaftCore Start(RaftOptions options, Random random)
    {
        var recovered = new RecoveredState();
        long fromSeq = 0;
        if (Snapshot is { } saved)
        {
            fromSeq = saved.Seq;
            JournalEvents.Replay(recovered, saved.Snapshot);
        }
        foreach (var (seq, @event) in Journal)
        {
            if (seq <= fromSeq) continue;
            if (@event is not (HardStateChanged or EntriesAppended or LogTruncated or SnapshotInstalled))
                throw new InvariantViolation($"{Id}: unexpected journal event {@event}");
            JournalEvents.Replay(recovered, @event);
        }
        LastSeq = Math.Max(fromSeq, Journal.Count > 0 ? Journal[^1].Seq : 0);
        ConfirmedSeq = LastSeq;
        DurableIndex = recovered.LastIndex;
        Incarnation++;
        Core = recovered.Start(Id, options, random);
        if (recovered.SnapshotData is { } snapshotData) Restore(snapshotData);
        AppliedIndex = recovered.SnapshotIndex;
        return Core;
    }

    /// <summary>The process dies: memory, unwritten events, an unsaved snapshot and unsent after-persist messages are lost.</summary>
    public void Crash()
    {
        Core = null;
        Incarnation++;
        Pending.Clear();
        SnapshotInFlight = null;
        LastDue = 0;
        HoldingBackApplies = 0;
        AppliedIndex = 0;
        AppliedCommands = [];
        CommitSeen = 0;
        ReadsToServe.Clear();
    }

    /// <summary>The operator stops the server and deletes its store, so that it can rejoin as a new, empty server.</summary>
    public void Wipe()
    {
        if (Up) Crash();
        Journal.Clear();
        Snapshot = null;
        LastSeq = 0;
        ConfirmedSeq = 0;
        Bootstraps = false;
    }

    /// <summary>The state machine's snapshot: the applied commands.</summary>
    public SnapshotData TakeStateMachineSnapshot() => SnapshotData.Of(Encoding.UTF8.GetBytes(string.Join(",", AppliedCommands)));

    /// <summary>Replaces the state machine with a snapshot's (RaftActor's IStateMachine.Restore).</summary>
    public void Restore(SnapshotData data) => AppliedCommands = Decode(data.ToArray());

    public static List<string> Decode(byte[] data) =>
        data.Length == 0 ? [] : [.. Encoding.UTF8.GetString(data).Split(',')];
}
