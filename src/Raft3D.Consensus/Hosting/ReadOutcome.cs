namespace Raft3D.Consensus.Hosting;

/// <summary>The answer to <see cref="RaftNode.ReadAsync{T}"/>: a value read at an applied index, or no leader to confirm it.</summary>
public abstract record ReadOutcome<T>
{
    private ReadOutcome() { }

    /// <summary>Value was read once AppliedIndex was applied on this node.</summary>
    public sealed record Served(T Value, long AppliedIndex) : ReadOutcome<T>;

    /// <summary>No leader confirmed the read within the request timeout; nothing was read. Safe to retry.</summary>
    public sealed record NoLeader(string Reason) : ReadOutcome<T>;
}
