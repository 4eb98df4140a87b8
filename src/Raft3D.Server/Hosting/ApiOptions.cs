namespace Raft3D.Server.Hosting;

/// <summary>raft3d.api: how long HTTP requests wait for the cluster.</summary>
public sealed record ApiOptions(TimeSpan RequestTimeout, TimeSpan RetryAfter, TimeSpan ClusterTimeout)
{
    /// <summary>raft3d.api.max-body-bytes: a larger request body is refused with 413 (Kestrel's limit).</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>raft3d.api.max-bodies-in-flight: requests with a body handled at once; past it, 429 before reading the body.</summary>
    public int MaxBodiesInFlight { get; init; } = 64;

    /// <summary>raft3d.api.max-body-bytes-in-flight: the bytes those bodies may announce together; past it, 429 before reading.</summary>
    public long MaxBodyBytesInFlight { get; init; } = 16 * 1024 * 1024;

    /// <summary>Retry-After in whole seconds, at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>raft3d.api.max-list: the most objects a list without ?limit= answers (the rest by Link rel="next").</summary>
    public required int MaxList { get; init; }
}
