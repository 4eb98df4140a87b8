namespace Raft3D.Server.Api;

/// <summary>
/// Which requests take one of the node's permits for request bodies
/// (raft3d.api.max-bodies-in-flight), and how many of the bytes of
/// raft3d.api.max-body-bytes-in-flight: those whose method carries a body. A body is held in
/// memory whole while it is read and parsed (up to max-body-bytes, about three times over with
/// the parse), so without a bound a flood of large uploads grows the node's memory with the
/// number of connections until the process dies.
/// </summary>
public static class BodyAdmission
{
    public static bool NeedsPermit(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);

    /// <summary>
    /// The bytes of raft3d.api.max-body-bytes-in-flight a request takes while it is handled: what
    /// its Content-Length announces, or max-body-bytes when it has none (chunked), never more
    /// than max-body-bytes (Kestrel refuses a larger body with 413 once it is read).
    /// </summary>
    public static long Reservation(long? contentLength, long maxBodyBytes) =>
        contentLength is { } announced ? Math.Clamp(announced, 0, maxBodyBytes) : maxBodyBytes;
}
