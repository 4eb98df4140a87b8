using Microsoft.OpenApi;

namespace Raft3D.Server.Api;

/// <summary>
/// Documents the headers and query parameters that endpoints read by hand (If-Match, paging,
/// filters, consistency, Idempotency-Key) and the headers they answer, so the docs page can
/// try them.
/// </summary>
public static class OpenApiParameters
{
    /// <summary>Every read of the group takes ?consistency=, every write an Idempotency-Key.</summary>
    public static RouteGroupBuilder DocumentsConsistencyAndIdempotency(this RouteGroupBuilder group) =>
        group.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            if (context.Description.HttpMethod == "GET")
                Add(operation, "consistency", ParameterLocation.Query, JsonSchemaType.String,
                    "linearizable (the default: confirmed with a quorum, never stale) or local (this node's applied state, possibly stale, served without a leader).");
            else
                Add(operation, IdempotencyKeyHeader.Name, ParameterLocation.Header, JsonSchemaType.String,
                    "Any string up to raft3d.idempotency.max-key-length: a retry with the same key, on any node, gets the first answer without applying the write twice.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DocumentsJobFilters(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Add(operation, "status", ParameterLocation.Query, JsonSchemaType.String, "Only jobs in this status: queued, running, done or canceled.");
            Add(operation, "printer_id", ParameterLocation.Query, JsonSchemaType.String, "Only jobs of this printer.");
            Add(operation, "filament_id", ParameterLocation.Query, JsonSchemaType.String, "Only jobs that use this filament.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DocumentsQuery(this RouteHandlerBuilder builder, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Add(operation, name, ParameterLocation.Query, JsonSchemaType.String, description);
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DocumentsIfMatch(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Add(operation, ETags.IfMatch, ParameterLocation.Header, JsonSchemaType.String,
                "The object's version as its ETag, e.g. \"17\": the change applies only while the object is at that version (412 otherwise). * or no header: unconditional.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DocumentsPaging(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Add(operation, "limit", ParameterLocation.Query, JsonSchemaType.Integer,
                $"At most this many objects (1-{ListPaging.MaxLimit}); without it, at most raft3d.api.max-list (10 000).");
            Add(operation, "after", ParameterLocation.Query, JsonSchemaType.String,
                "Start after the object with this id (the last one of the page before), in creation order.");
            Header(operation, "200", ListPaging.TotalCountHeader, "How many objects match the query in all pages.");
            Header(operation, "200", "Link", "When more objects follow: <...?limit=N&after=ID&...>; rel=\"next\" (RFC 8288).");
            return Task.CompletedTask;
        });

    /// <summary>The ETag header (the object's version) on an answer with this status.</summary>
    public static RouteHandlerBuilder DocumentsETag(this RouteHandlerBuilder builder, int status) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Header(operation, status.ToString(System.Globalization.CultureInfo.InvariantCulture), "ETag",
                "The object's version, e.g. \"17\" (the log index of its last change): send it as If-Match to change the object only if nobody else has.");
            return Task.CompletedTask;
        });

    private static void Add(OpenApiOperation operation, string name, ParameterLocation location, JsonSchemaType type, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = location,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = type },
        });
    }

    private static void Header(OpenApiOperation operation, string status, string name, string description)
    {
        if (operation.Responses?.GetValueOrDefault(status) is not OpenApiResponse response) return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }
}
