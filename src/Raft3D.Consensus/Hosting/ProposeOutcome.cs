namespace Raft3D.Consensus.Hosting;

/// <summary>How a command proposed through <see cref="RaftNode.ProposeAsync"/> ended, as far as this node can know.</summary>
public abstract record ProposeOutcome
{
    private ProposeOutcome() { }

    /// <summary>Committed by a majority and applied at Index; Result is what the state machine returned.</summary>
    public sealed record Applied(long Index, byte[] Result) : ProposeOutcome;

    /// <summary>Not appended anywhere: no leader was found within the request timeout. Safe to retry.</summary>
    public sealed record NoLeader(string Reason) : ProposeOutcome;

    /// <summary>
    /// It may or may not commit: leadership was lost after it was appended, or no answer came in
    /// time (Raft thesis §6.3: only a retry with a client-chosen id learns its fate safely).
    /// </summary>
    public sealed record OutcomeUnknown(string Reason) : ProposeOutcome;

    /// <summary>Refused at once: too many writes already wait at the leader. Not appended; safe to retry later.</summary>
    public sealed record Overloaded(string Reason) : ProposeOutcome;
}
