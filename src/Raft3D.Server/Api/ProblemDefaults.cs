using Microsoft.AspNetCore.Http.Features;

namespace Raft3D.Server.Api;

/// <summary>Details for the problems ASP.NET Core writes itself (unknown route, wrong method, unexpected error).</summary>
public static class ProblemDefaults
{
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        problem.Instance ??= request.Path.Value;
        if (!string.IsNullOrEmpty(problem.Detail)) return;
        problem.Detail = problem.Status switch
        {
            404 => $"there is no endpoint {request.Method} {request.Path}; the API is listed at /openapi/v1.json and /docs",
            405 => $"{request.Method} is not allowed on {request.Path}; the API is listed at /openapi/v1.json and /docs",
            500 => "the node failed to handle the request; its log has the details",
            _ => context.HttpContext.Features.Get<IHttpResponseFeature>()?.ReasonPhrase ?? "see the node's log",
        };
    }
}
