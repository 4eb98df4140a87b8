using Raft3D.Server.Hosting;

namespace Raft3D.Server.Api;

/// <summary>
/// Bounds the request bodies being read and handled at once, in number
/// (raft3d.api.max-bodies-in-flight) and in announced bytes (raft3d.api.max-body-bytes-in-flight):
/// a request that would exceed either is answered 429 with Retry-After at once, before a byte of
/// its body is read, so memory stays bounded however many clients upload at the same time.
/// </summary>
public sealed class BodyAdmissionMiddleware(RequestDelegate next, NodeOptions node)
{
    private readonly SemaphoreSlim _permits = new(node.Api.MaxBodiesInFlight, node.Api.MaxBodiesInFlight);
    private long _bytesInFlight;

    /// <summary>A request without a body (a read) goes straight on, with no state machine of its own.</summary>
    public Task InvokeAsync(HttpContext context) =>
        BodyAdmission.NeedsPermit(context.Request.Method) ? AdmitAsync(context) : next(context);

    private async Task AdmitAsync(HttpContext context)
    {
        if (!_permits.Wait(0))
        {
            await RefuseAsync(context, $"as many request bodies as raft3d.api.max-bodies-in-flight ({node.Api.MaxBodiesInFlight}) allows");
            return;
        }
        var bytes = BodyAdmission.Reservation(context.Request.ContentLength, node.Api.MaxBodyBytes);
        try
        {
            if (!TryReserve(bytes))
            {
                await RefuseAsync(context,
                    $"request bodies of as many bytes as raft3d.api.max-body-bytes-in-flight ({node.Api.MaxBodyBytesInFlight}) allows");
                return;
            }
            try
            {
                await next(context);
            }
            finally
            {
                Interlocked.Add(ref _bytesInFlight, -bytes);
            }
        }
        finally
        {
            _permits.Release();
        }
    }

    private bool TryReserve(long bytes)
    {
        var current = Volatile.Read(ref _bytesInFlight);
        while (true)
        {
            if (current + bytes > node.Api.MaxBodyBytesInFlight) return false;
            var seen = Interlocked.CompareExchange(ref _bytesInFlight, current + bytes, current);
            if (seen == current) return true;
            current = seen;
        }
    }

    private Task RefuseAsync(HttpContext context, string what)
    {
        var retry = node.Api.RetryAfterSeconds;
        return Problems.WriteAsync(context, 429, "Too many requests in progress",
            $"this node is reading {what}; nothing was applied: retry after {retry} s", retryAfterSeconds: retry);
    }
}
