namespace Raft3D.Consensus.Hosting;

/// <summary>How <see cref="RaftNode.TakeSnapshotAsync"/> ended.</summary>
public abstract record SnapshotOutcome
{
    private SnapshotOutcome() { }

    /// <summary>A snapshot at Index (of Term), Bytes long, is saved and the log up to it compacted.</summary>
    public sealed record Taken(long Index, long Term, long Bytes) : SnapshotOutcome;

    /// <summary>Taking or saving it failed; the log is kept.</summary>
    public sealed record Failed(string Reason) : SnapshotOutcome;

    /// <summary>Not confirmed within the cluster timeout; it may still be saved.</summary>
    public sealed record NoAnswer(string Reason) : SnapshotOutcome;
}
