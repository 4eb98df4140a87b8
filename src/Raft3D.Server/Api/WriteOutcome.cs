using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Api;

/// <summary>How a proposed command ended, as far as this node knows.</summary>
public abstract record WriteOutcome
{
    private WriteOutcome() { }

    /// <summary>Committed and applied at Index.</summary>
    public sealed record Applied(long Index, ApplyOutcome Outcome) : WriteOutcome;

    /// <summary>Not appended anywhere within the time bound: safe to retry.</summary>
    public sealed record NoLeader(string Reason) : WriteOutcome;

    /// <summary>It may or may not commit: retry with the same Idempotency-Key.</summary>
    public sealed record Unknown(string Reason) : WriteOutcome;

    /// <summary>Refused at once: too many writes wait at the leader. Not applied: retry later.</summary>
    public sealed record Overloaded(string Reason) : WriteOutcome;
}
