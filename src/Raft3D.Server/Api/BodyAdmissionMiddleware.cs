using Raft3D.Server.Hosting;

namespace Raft3D.Server.Api;

/// <summary>
/// Bounds the request bodies being read and handled at once (raft3d.api.max-bodies-in-flight):
/// a request that would exceed it is answered 429 with Retry-After at once, before a byte of its
/// body is read, so memory stays bounded however many clients upload at the same time.
/// </summary>
public sealed class BodyAdmissionMiddleware(RequestDelegate next, NodeOptions node)
{
    private readonly SemaphoreSlim _permits = new(node.Api.MaxBodiesInFlight, node.Api.MaxBodiesInFlight);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!BodyAdmission.NeedsPermit(context.Request.Method))
        {
            await next(context);
            return;
        }
        if (!_permits.Wait(0))
        {
            var retry = node.Api.RetryAfterSeconds;
            await Problems.WriteAsync(context, 429, "Too many requests in progress",
                $"this node is reading as many request bodies as raft3d.api.max-bodies-in-flight ({node.Api.MaxBodiesInFlight}) allows; nothing was applied: retry after {retry} s",
                retryAfterSeconds: retry);
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            _permits.Release();
        }
    }
}
