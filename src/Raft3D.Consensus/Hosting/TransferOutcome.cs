namespace Raft3D.Consensus.Hosting;

/// <summary>How <see cref="RaftNode.TransferLeadershipAsync"/> ended (Raft thesis §3.10).</summary>
public abstract record TransferOutcome
{
    private TransferOutcome() { }

    /// <summary>NewLeader leads in Term.</summary>
    public sealed record Done(string NewLeader, long Term) : TransferOutcome;

    /// <summary>Refused: the target is unknown or not a voter, or a newer transfer superseded this one.</summary>
    public sealed record Rejected(string Reason) : TransferOutcome;

    /// <summary>No leader is known to hand leadership over. Safe to retry.</summary>
    public sealed record NoLeader(string Reason) : TransferOutcome;

    /// <summary>The hand-over was not confirmed within the cluster timeout; it may still happen.</summary>
    public sealed record OutcomeUnknown(string Reason) : TransferOutcome;
}
