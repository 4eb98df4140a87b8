using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.Server.Api.Models;

namespace Raft3D.Server.Api;

/// <summary>SPEC §3: printers, filaments and print jobs under /api/v1.</summary>
public static class FarmEndpoints
{
    public static void MapFarmEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").DocumentsConsistencyAndIdempotency();

        api.MapPost("/printers", CreatePrinter).WithName("CreatePrinter").WithTags("Printers")
            .DocumentsJsonBody<PrinterInput>().Produces<PrinterView>(201).ProducesProblems(400, 409, 422, 503)
            .WithSummary("Create a printer").WithDescription("Idempotency-Key: a retry with the same key gets the first answer.");
        api.MapGet("/printers", ListPrinters).WithName("ListPrinters").WithTags("Printers")
            .Produces<List<PrinterView>>().DocumentsPaging().ProducesProblems(400, 503).WithSummary("Printers in creation order, a page at a time");
        api.MapGet("/printers/{id}", GetPrinter).WithName("GetPrinter").WithTags("Printers")
            .Produces<PrinterView>().DocumentsETag(200).ProducesProblems(400, 404, 503).WithSummary("One printer");

        api.MapPost("/filaments", CreateFilament).WithName("CreateFilament").WithTags("Filaments")
            .DocumentsJsonBody<FilamentInput>().Produces<FilamentView>(201).ProducesProblems(400, 409, 422, 503)
            .WithSummary("Create a filament spool");
        api.MapGet("/filaments", ListFilaments).WithName("ListFilaments").WithTags("Filaments")
            .Produces<List<FilamentView>>().DocumentsPaging().ProducesProblems(400, 503).WithSummary("Filaments in creation order, a page at a time");
        api.MapGet("/filaments/{id}", GetFilament).WithName("GetFilament").WithTags("Filaments")
            .Produces<FilamentView>().DocumentsETag(200).ProducesProblems(400, 404, 503).WithSummary("One filament");

        api.MapPost("/print_jobs", CreatePrintJob).WithName("CreatePrintJob").WithTags("Print jobs")
            .DocumentsJsonBody<PrintJobInput>().Produces<PrintJobView>(201).ProducesProblems(400, 409, 422, 503)
            .WithSummary("Create a print job (always Queued; reserves its weight of filament)");
        api.MapGet("/print_jobs", ListPrintJobs).WithName("ListPrintJobs").WithTags("Print jobs")
            .Produces<List<PrintJobView>>().DocumentsPaging().DocumentsJobFilters().ProducesProblems(400, 503)
            .WithSummary("Print jobs in creation order, filtered by ?status=, ?printer_id=, ?filament_id=");
        api.MapGet("/print_jobs/{id}", GetPrintJob).WithName("GetPrintJob").WithTags("Print jobs")
            .Produces<PrintJobView>().DocumentsETag(200).ProducesProblems(400, 404, 503).WithSummary("One print job");
        api.MapPost("/print_jobs/{id}/status", ChangeStatus).WithName("ChangePrintJobStatus").WithTags("Print jobs")
            .DocumentsJsonBody<StatusInput>(required: false).DocumentsQuery("status", "The new status: running, done or canceled (or give it in the body).").DocumentsIfMatch().Produces<PrintJobView>().DocumentsETag(200)
            .ProducesProblems(400, 404, 409, 412, 503)
            .WithSummary("Move a job: ?status=running|done|canceled, or a body {\"status\": \"running\"}");
        api.MapFarmChangeEndpoints();
    }

    internal static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status, Problems.ContentType);
        return builder;
    }

    // ---------------------------------------------------------------- writes

    private static async Task<IResult> CreatePrinter(HttpContext context, FarmWriter writer)
    {
        var input = await JsonBody.ReadAsync(context.Request, allowEmpty: false, body =>
        {
            var input = new PrinterInput(body.Id("id"), body.String("company", required: true), body.String("model", required: true));
            body.ThrowIfMissing();
            return input;
        }, context.RequestAborted);
        var command = new CreatePrinter(input.Id ?? FarmWriter.NewId(), input.Company!, input.Model!);
        return await writer.SubmitAsync(context, command, input);
    }

    private static async Task<IResult> CreateFilament(HttpContext context, FarmWriter writer)
    {
        var input = await JsonBody.ReadAsync(context.Request, allowEmpty: false, body =>
        {
            var input = new FilamentInput(body.Id("id"), body.String("type", required: true), body.String("color", required: true),
                body.Int("total_weight_in_grams", required: true), body.Int("remaining_weight_in_grams"));
            body.ThrowIfMissing();
            return input;
        }, context.RequestAborted);
        var command = new CreateFilament(input.Id ?? FarmWriter.NewId(), input.Type!, input.Color!, input.TotalWeightInGrams!.Value, input.RemainingWeightInGrams);
        return await writer.SubmitAsync(context, command, input);
    }

    private static async Task<IResult> CreatePrintJob(HttpContext context, FarmWriter writer)
    {
        var input = await JsonBody.ReadAsync(context.Request, allowEmpty: false, body =>
        {
            var input = new PrintJobInput(body.Id("id"), body.Id("printer_id", required: true), body.Id("filament_id", required: true),
                body.String("filepath", required: true), body.Int("print_weight_in_grams", required: true), body.String("status"));
            body.ThrowIfMissing();
            return input;
        }, context.RequestAborted);
        var command = new CreatePrintJob(input.Id ?? FarmWriter.NewId(), input.PrinterId!, input.FilamentId!, input.Filepath!,
            input.PrintWeightInGrams!.Value, input.Status);
        return await writer.SubmitAsync(context, command, input);
    }

    private static async Task<IResult> ChangeStatus(HttpContext context, string id, FarmWriter writer)
    {
        var fromBody = await JsonBody.ReadAsync(context.Request, allowEmpty: true, body => body.String("status"), context.RequestAborted);
        var query = context.Request.Query["status"];
        if (query.Count > 1) throw ApiException.BadRequest("give ?status= once", "status");
        var status = query.Count == 1 ? query[0] : fromBody;
        if (string.IsNullOrWhiteSpace(status))
            throw ApiException.BadRequest($"status is required: ?status=running, or a body {{\"status\": \"running\"}} ({JobStatuses.Allowed})", "status");
        if (!JobStatuses.TryParse(status, out _))
            throw ApiException.BadRequest($"status must be {JobStatuses.Allowed}, not '{status}'", "status");
        var expected = ETags.ReadIfMatch(context.Request);
        var input = new StatusInput(status.Trim().ToLowerInvariant());
        // Without If-Match the fingerprint is the one earlier builds recorded, so their keys still match.
        return expected is null
            ? await writer.SubmitAsync(context, new ChangeJobStatus(id, status), input)
            : await writer.SubmitAsync(context, new ChangeJobStatus(id, status, expected), FarmChangeEndpoints.Fingerprinted(input, expected));
    }

    // ---------------------------------------------------------------- reads

    private static Task<IResult> ListPrinters(HttpContext context, FarmReads reads)
    {
        var paging = ListPaging.Read(context.Request, reads.MaxList);
        return reads.AnswerAsync(context, farm => farm.ListPrinters(paging.Request),
            page => paging.Answer(context, page, "printer", p => p.Id, PrinterView.From));
    }

    private static Task<IResult> GetPrinter(HttpContext context, string id, FarmReads reads) =>
        reads.AnswerAsync(context, farm => farm.GetPrinter(id), p => p is null
            ? Problems.Result(context, 404, "Not found", $"printer '{id}' does not exist")
            : Tagged(context, p.Version, PrinterView.From(p)));

    private static Task<IResult> ListFilaments(HttpContext context, FarmReads reads)
    {
        var paging = ListPaging.Read(context.Request, reads.MaxList);
        return reads.AnswerAsync(context, farm => farm.ListFilaments(paging.Request),
            page => paging.Answer(context, page, "filament", f => f.Id, FilamentView.From));
    }

    private static Task<IResult> GetFilament(HttpContext context, string id, FarmReads reads) =>
        reads.AnswerAsync(context, farm => farm.GetFilament(id), f => f is null
            ? Problems.Result(context, 404, "Not found", $"filament '{id}' does not exist")
            : Tagged(context, f.Version, FilamentView.From(f)));

    private static Task<IResult> ListPrintJobs(HttpContext context, FarmReads reads)
    {
        var query = context.Request.Query;
        JobStatus? status = null;
        var statusText = query["status"].ToString();
        if (statusText.Length > 0)
        {
            if (!JobStatuses.TryParse(statusText, out var parsed))
                throw ApiException.BadRequest($"status must be {JobStatuses.Allowed}, not '{statusText}'", "status");
            status = parsed;
        }
        var printerId = query["printer_id"].ToString() is { Length: > 0 } p ? p : null;
        var filamentId = query["filament_id"].ToString() is { Length: > 0 } f ? f : null;
        var paging = ListPaging.Read(context.Request, reads.MaxList);
        return reads.AnswerAsync(context, farm => farm.ListJobs(paging.Request, status, printerId, filamentId),
            page => paging.Answer(context, page, "print job", j => j.Id, PrintJobView.From));
    }

    private static Task<IResult> GetPrintJob(HttpContext context, string id, FarmReads reads) =>
        reads.AnswerAsync(context, farm => farm.GetJob(id), j => j is null
            ? Problems.Result(context, 404, "Not found", $"print job '{id}' does not exist")
            : Tagged(context, j.Version, PrintJobView.From(j)));

    /// <summary>One object with its version as its ETag.</summary>
    private static IResult Tagged<T>(HttpContext context, long version, T view)
    {
        context.Response.Headers.ETag = ETags.Of(version);
        return Json(view);
    }

    private static IResult Json<T>(T value) => TypedResults.Json(value, ApiJson.Options);
}
