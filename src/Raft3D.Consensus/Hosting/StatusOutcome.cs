using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Hosting;

/// <summary>The answer to <see cref="RaftNode.StatusAsync"/>.</summary>
public abstract record StatusOutcome
{
    private StatusOutcome() { }

    public sealed record Known(RaftStatus Status) : StatusOutcome;

    /// <summary>The Raft server did not answer within the request timeout (still recovering its journal, or restarting after a fault).</summary>
    public sealed record NoAnswer(string Reason) : StatusOutcome;
}
