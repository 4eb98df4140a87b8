using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// The host of one simulated server: its current process (a RaftCore, or none while crashed),
/// its disk (durable journal events, and writes still in progress) and its state machine (the
/// commands applied in this process lifetime).
/// </summary>
internal sealed class SimNode(int index, string id)
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    public RaftCore? Core { get; private set; }

    public bool Up => Core is not null;

    /// <summary>Counts process lifetimes; events of an earlier one are ignored.</summary>
    public long Incarnation { get; private set; }

    /// <summary>Journal events on disk, in write order.</summary>
    public List<object> Durable { get; } = [];

    /// <summary>Readies being written, oldest first; a disk completes writes in order.</summary>
    public Queue<PendingWrite> Pending { get; } = new();

    public long LastDue { get; set; }

    public long AppliedIndex { get; set; }

    /// <summary>The state machine: payloads of applied commands, in log order.</summary>
    public List<string> AppliedCommands { get; } = [];

    /// <summary>The highest commit index seen in this process lifetime (it must never fall).</summary>
    public long CommitSeen { get; set; }

    /// <summary>Partition group: nodes talk only within their group.</summary>
    public int Group { get; set; }

    /// <summary>Reads confirmed at this node, waiting for the state machine to catch up to their index.</summary>
    public List<ReadState> ReadsToServe { get; } = [];

    /// <summary>Starts a process from what is on disk (§5.2 persistent state: term, vote, log).</summary>
    public RaftCore Start(RaftOptions options, Random random)
    {
        long term = 0;
        string? votedFor = null;
        var log = new RaftLog();
        foreach (var @event in Durable)
        {
            switch (@event)
            {
                case HardStateChanged h:
                    term = h.Term;
                    votedFor = h.VotedFor;
                    break;
                case EntriesAppended a:
                    log.Append(a.Entries);
                    break;
                case LogTruncated t:
                    log.TruncateFrom(t.FromIndex);
                    break;
                default:
                    throw new InvariantViolation($"{Id}: unexpected journal event {@event}");
            }
        }
        Incarnation++;
        Core = new RaftCore(Id, options, random, term, votedFor, log, ClusterConfiguration.Empty);
        return Core;
    }

    /// <summary>The process dies: memory, unwritten events and unsent after-persist messages are lost.</summary>
    public void Crash()
    {
        Core = null;
        Incarnation++;
        Pending.Clear();
        LastDue = 0;
        AppliedIndex = 0;
        AppliedCommands.Clear();
        CommitSeen = 0;
        ReadsToServe.Clear();
    }
}
