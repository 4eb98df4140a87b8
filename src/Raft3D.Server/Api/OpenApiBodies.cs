using Microsoft.OpenApi;

namespace Raft3D.Server.Api;

/// <summary>
/// Documents a JSON request body without making the endpoint demand a Content-Type (curl -d
/// sends form encoding; the body is parsed as JSON whatever the header says).
/// </summary>
public static class OpenApiBodies
{
    public static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder builder, bool required = true) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
