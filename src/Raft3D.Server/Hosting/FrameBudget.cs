namespace Raft3D.Server.Hosting;

/// <summary>
/// Whether akka.remote's maximum-frame-size can carry every Raft message the settings allow.
/// Akka.Remote drops a larger message with only a log line, so a mismatch would stall
/// replication silently: the node refuses to start instead.
/// </summary>
public static class FrameBudget
{
    /// <summary>
    /// Room for the message's own fields and a command's envelope (idempotency key, fingerprint,
    /// timestamp) and codec beyond the request body it was made from.
    /// </summary>
    public const long Overhead = 64 * 1024;

    /// <summary>
    /// Why the frame is too small, or null. An AppendEntries holds up to max-append-bytes of entries
    /// plus one more entry that starts it (the cap never splits an entry), whose command comes from
    /// a request body of at most max-body-bytes; a snapshot chunk is snapshot-chunk-bytes.
    /// </summary>
    public static string? Check(long maximumFrameSize, long maxAppendBytes, long snapshotChunkBytes, long maxBodyBytes)
    {
        var append = maxAppendBytes + maxBodyBytes + Overhead;
        var chunk = snapshotChunkBytes + Overhead;
        var needed = Math.Max(append, chunk);
        return maximumFrameSize >= needed
            ? null
            : $"settings: akka.remote.dot-netty.tcp.maximum-frame-size ({maximumFrameSize} bytes) cannot carry the largest Raft message " +
              $"({needed} bytes: raft3d.raft.max-append-bytes {maxAppendBytes} + raft3d.api.max-body-bytes {maxBodyBytes} + {Overhead} of overhead, " +
              $"or raft3d.raft.snapshot-chunk-bytes {snapshotChunkBytes} + overhead); raise the frame size or lower those";
    }
}
