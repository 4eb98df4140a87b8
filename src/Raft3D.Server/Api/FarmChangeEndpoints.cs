using Raft3D.PrintFarm.Commands;
using Raft3D.Server.Api.Models;

namespace Raft3D.Server.Api;

/// <summary>
/// SPEC §3: PATCH and DELETE of printers and filaments. Every rule (the object exists, If-Match,
/// the reserved weight, no Queued or Running job) is checked when the command is applied, in
/// log order: this layer only reads the request.
/// </summary>
public static class FarmChangeEndpoints
{
    public static void MapFarmChangeEndpoints(this RouteGroupBuilder api)
    {
        api.MapPatch("/printers/{id}", PatchPrinter).WithName("PatchPrinter").WithTags("Printers")
            .DocumentsJsonBody<PrinterPatchInput>().DocumentsIfMatch().Produces<PrinterView>().DocumentsETag(200)
            .ProducesProblems(400, 404, 412, 503)
            .WithSummary("Change a printer's company or model")
            .WithDescription("Only the fields given change. If-Match: \"VERSION\" applies the change only while the printer is at that version (else 412).");
        api.MapDelete("/printers/{id}", DeletePrinter).WithName("DeletePrinter").WithTags("Printers")
            .DocumentsIfMatch().Produces(204).ProducesProblems(400, 404, 409, 412, 503)
            .WithSummary("Delete a printer no queued or running job uses (409 otherwise); past jobs keep its id");
        api.MapPatch("/filaments/{id}", PatchFilament).WithName("PatchFilament").WithTags("Filaments")
            .DocumentsJsonBody<FilamentPatchInput>().DocumentsIfMatch().Produces<FilamentView>().DocumentsETag(200)
            .ProducesProblems(400, 404, 409, 412, 503)
            .WithSummary("Change a filament's color, or its remaining weight after re-weighing the spool")
            .WithDescription("The remaining weight may not drop below what queued and running jobs reserve (409). If-Match as for printers.");
        api.MapDelete("/filaments/{id}", DeleteFilament).WithName("DeleteFilament").WithTags("Filaments")
            .DocumentsIfMatch().Produces(204).ProducesProblems(400, 404, 409, 412, 503)
            .WithSummary("Delete a filament no queued or running job uses (409 otherwise); past jobs keep its id");
    }

    private static async Task<IResult> PatchPrinter(HttpContext context, string id, FarmWriter writer)
    {
        var expected = ETags.ReadIfMatch(context.Request);
        var input = await JsonBody.ReadAsync(context.Request, allowEmpty: false, body =>
        {
            body.ThrowIfNotOnly("a PATCH of a printer", "company", "model");
            return new PrinterPatchInput(body.String("company"), body.String("model"));
        }, context.RequestAborted);
        return await writer.SubmitAsync(context, new UpdatePrinter(id, input.Company, input.Model, expected), Fingerprinted(input, expected));
    }

    private static async Task<IResult> PatchFilament(HttpContext context, string id, FarmWriter writer)
    {
        var expected = ETags.ReadIfMatch(context.Request);
        var input = await JsonBody.ReadAsync(context.Request, allowEmpty: false, body =>
        {
            body.ThrowIfNotOnly("a PATCH of a filament", "color", "remaining_weight_in_grams");
            return new FilamentPatchInput(body.String("color"), body.Int("remaining_weight_in_grams"));
        }, context.RequestAborted);
        return await writer.SubmitAsync(context, new UpdateFilament(id, input.Color, input.RemainingWeightInGrams, expected), Fingerprinted(input, expected));
    }

    private static Task<IResult> DeletePrinter(HttpContext context, string id, FarmWriter writer)
    {
        var expected = ETags.ReadIfMatch(context.Request);
        return writer.SubmitAsync(context, new DeletePrinter(id, expected), Fingerprinted(id, expected));
    }

    private static Task<IResult> DeleteFilament(HttpContext context, string id, FarmWriter writer)
    {
        var expected = ETags.ReadIfMatch(context.Request);
        return writer.SubmitAsync(context, new DeleteFilament(id, expected), Fingerprinted(id, expected));
    }

    /// <summary>What an Idempotency-Key's retry must repeat: the input and the If-Match version.</summary>
    internal static object Fingerprinted<T>(T input, long? expected) => new { input, if_match = expected };
}
