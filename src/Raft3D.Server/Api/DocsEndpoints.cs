using Scalar.AspNetCore;

namespace Raft3D.Server.Api;

/// <summary>The OpenAPI document at /openapi/v1.json and a browsable page of it at /docs (/ is the dashboard, which links here).</summary>
public static class DocsEndpoints
{
    public static void MapDocsEndpoints(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", options =>
        {
            options.Title = "Raft3D API";
            options.OpenApiRoutePattern = "/openapi/{documentName}.json";
        });
    }
}
