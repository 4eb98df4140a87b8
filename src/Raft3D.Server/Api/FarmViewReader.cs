using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Api;

/// <summary>
/// The farm to answer a read from: an immutable <see cref="AppliedView"/> to query on the
/// caller's thread, so a query never runs on (or waits behind) the Raft actor's thread.
/// </summary>
public sealed class FarmViewReader(RaftNode raft, AppliedFarm applied)
{
    /// <summary>
    /// Local: the newest view this node published, without asking the Raft actor (so a busy
    /// actor never delays it); <see cref="RaftNode.ReadAsync{TStateMachine, T}"/> is asked only
    /// while none is published (the actor is starting). Linearizable: the façade's ReadIndex read
    /// (thesis §6.4) whose query, an O(1) step on the actor's thread, hands back the state
    /// machine's view once it has applied up to the read index: never older than that index.
    /// </summary>
    public Task<ReadOutcome<AppliedView>> ReadAsync(ReadConsistency consistency, CancellationToken cancellationToken)
    {
        if (consistency == ReadConsistency.Local && applied.Latest is { } latest)
            return Task.FromResult<ReadOutcome<AppliedView>>(new ReadOutcome<AppliedView>.Served(latest, latest.Index));
        return raft.ReadAsync(static (FarmStateMachine machine) => machine.Current, consistency, cancellationToken);
    }
}
