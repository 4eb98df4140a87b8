using Raft3D.Consensus.Hosting;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using Raft3D.Server.Api.Models;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Api;

/// <summary>Turns the outcome of a write into its HTTP answer.</summary>
public static class WriteResults
{
    public static IResult ToHttp(HttpContext context, ProposeOutcome outcome, int retryAfterSeconds) => outcome is ProposeOutcome.Applied applied
        ? FromApply(context, ApplyOutcome.Decode(applied.Result), retryAfterSeconds)
        : RaftResults.NotApplied(context, outcome, retryAfterSeconds);

    private static IResult FromApply(HttpContext context, ApplyOutcome outcome, int retryAfterSeconds)
    {
        switch (outcome.Kind)
        {
            case ApplyOutcomeKind.KeyReused:
                return Problems.Result(context, 422, "Idempotency-Key reused", outcome.Message!, IdempotencyKeyHeader.Name);
            case ApplyOutcomeKind.Malformed:
                return Problems.Result(context, 500, "Internal error", outcome.Message!);
            case ApplyOutcomeKind.UpgradeInProgress:
                return Problems.Result(context, 503, "Upgrade in progress", outcome.Message!, retryAfterSeconds: retryAfterSeconds);
            case ApplyOutcomeKind.Replayed:
                context.Response.Headers[IdempotencyKeyHeader.ReplayedHeader] = "true";
                break;
        }
        var result = FarmResultCodec.Decode(outcome.FarmResult);
        return result switch
        {
            FarmResult.Created created => TypedResults.Json(ToView(created.Value), ApiJson.Options, statusCode: 201)
                .WithLocation(context, LocationOf(created.Value)).WithETag(context, created.Value),
            FarmResult.Updated updated => TypedResults.Json(ToView(updated.Value), ApiJson.Options, statusCode: 200).WithETag(context, updated.Value),
            FarmResult.Deleted => TypedResults.NoContent(),
            FarmResult.PreconditionFailed failed => Problems.Result(context, 412, failed.Title, failed.Detail, ETags.IfMatch),
            FarmResult.Conflict conflict => Problems.Result(context, 409, conflict.Title, conflict.Detail),
            FarmResult.NotFound notFound => Problems.Result(context, 404, notFound.Title, notFound.Detail),
            FarmResult.Unprocessable unprocessable => Problems.Result(context, 422, unprocessable.Title, unprocessable.Detail, unprocessable.Field),
            FarmResult.Invalid invalid => Problems.Result(context, 400, invalid.Title, invalid.Detail,
                invalid.Errors.Count == 1 ? invalid.Errors[0].Field : null,
                invalid.Errors.Select(e => new ProblemFieldError(e.Field, e.Message)).ToList()),
            _ => Problems.Result(context, 500, "Internal error", $"unexpected result {result.GetType().Name}"),
        };
    }

    public static object ToView(object value) => value switch
    {
        Printer p => PrinterView.From(p),
        Filament f => FilamentView.From(f),
        PrintJob j => PrintJobView.From(j),
        _ => throw new InvalidOperationException($"unknown object {value.GetType().Name}"),
    };

    private static string LocationOf(object value) => value switch
    {
        Printer p => $"/api/v1/printers/{Uri.EscapeDataString(p.Id)}",
        Filament f => $"/api/v1/filaments/{Uri.EscapeDataString(f.Id)}",
        PrintJob j => $"/api/v1/print_jobs/{Uri.EscapeDataString(j.Id)}",
        _ => "/",
    };

    /// <summary>The version of the object written, as its ETag: the If-Match of the next change.</summary>
    private static IResult WithETag(this IResult result, HttpContext context, object value)
    {
        context.Response.Headers.ETag = ETags.Of(VersionOf(value));
        return result;
    }

    public static long VersionOf(object value) => value switch
    {
        Printer p => p.Version,
        Filament f => f.Version,
        PrintJob j => j.Version,
        _ => throw new InvalidOperationException($"unknown object {value.GetType().Name}"),
    };

    private static IResult WithLocation(this IResult result, HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        return result;
    }
}
