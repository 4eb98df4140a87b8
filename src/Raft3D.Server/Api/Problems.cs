using Microsoft.AspNetCore.Http.HttpResults;

namespace Raft3D.Server.Api;

/// <summary>Builds problem+json answers.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Result(HttpContext context, int status, string title, string detail, string? field = null,
        IReadOnlyList<ProblemFieldError>? errors = null, int? retryAfterSeconds = null)
    {
        if (retryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A field error names its field in the detail too, for a person reading only that.
        if (field is not null && !detail.Contains(field, StringComparison.Ordinal)) detail = $"{field}: {detail}";
        var problem = new Problem("about:blank", title, status, detail, context.Request.Path.Value, field, errors);
        return TypedResults.Json(problem, ApiJson.Options, ContentType, status);
    }

    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string? field = null, int? retryAfterSeconds = null,
        IReadOnlyList<ProblemFieldError>? errors = null) =>
        ((JsonHttpResult<Problem>)Result(context, status, title, detail, field, errors, retryAfterSeconds)).ExecuteAsync(context);
}
