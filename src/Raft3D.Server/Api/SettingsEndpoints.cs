using Raft3D.Consensus.Hosting;
using Raft3D.Server.Api.Models;
using Raft3D.Server.Cluster;
using Raft3D.Server.Hosting;
using Raft3D.Server.Settings;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Api;

/// <summary>SPEC §11: the settings that change what applying does, read and changed through the log.</summary>
public static class SettingsEndpoints
{
    public static void MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster/settings", Read).WithName("ClusterSettings").WithTags("Cluster")
            .Produces<ClusterSettingsView>().ProducesProblem(400, Problems.ContentType).ProducesProblem(503, Problems.ContentType)
            .WithSummary("The settings every node applies (linearizable; ?consistency=local for this node's)");
        app.MapPatch("/cluster/settings", Change).WithName("ChangeClusterSettings").WithTags("Cluster")
            .DocumentsJsonBody<ClusterSettingsInput>().Produces<ClusterSettingsView>()
            .ProducesProblem(400, Problems.ContentType).ProducesProblem(503, Problems.ContentType)
            .WithSummary("Change the settings through the Raft log: the fields given replace the current ones");
    }

    private static Task<IResult> Read(HttpContext context, FarmReads reads) =>
        reads.AnswerFromViewAsync(context, view => ClusterSettingsView.From(view.Settings), settings => TypedResults.Json(settings, ApiJson.Options));

    private static async Task<IResult> Change(HttpContext context, RaftNode raft, NodeOptions node, MemberReleases releases)
    {
        var (maxEntries, maxAgeSeconds) = await JsonBody.ReadAsync(context.Request, allowEmpty: false, body =>
        {
            body.ThrowIfNotOnly("PATCH /cluster/settings", ClusterSettings.MaxEntriesField, ClusterSettings.MaxAgeField);
            return (body.Int(ClusterSettings.MaxEntriesField), body.Int(ClusterSettings.MaxAgeField));
        }, context.RequestAborted);
        if (maxEntries is null && maxAgeSeconds is null)
            throw ApiException.BadRequest($"give {ClusterSettings.MaxEntriesField}, {ClusterSettings.MaxAgeField} or both");
        var entry = new ClusterSettingsEntry(maxEntries, maxAgeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, OnlyIfUnset: false);
        // Each field given must be valid on its own; the ones not given are valid already.
        if (entry.Over(ClusterSettings.Unset).Problem() is { } problem) throw ApiException.BadRequest(problem.Message, problem.Field);
        if (await releases.RefusalAsync(UpgradeRules.SettingsVersion, context.RequestAborted) is { } refusal)
            return Problems.Result(context, 503, "Upgrade in progress", refusal, retryAfterSeconds: node.Api.RetryAfterSeconds);

        var outcome = await raft.ProposeAsync(entry.Encode(), context.RequestAborted);
        if (outcome is not ProposeOutcome.Applied applied) return RaftResults.NotApplied(context, outcome, node.Api.RetryAfterSeconds);
        context.Response.Headers[FarmReads.AppliedIndexHeader] = applied.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = ApplyOutcome.Decode(applied.Result);
        if (result.Kind != ApplyOutcomeKind.Applied) return Problems.Result(context, 500, "Internal error", result.Message ?? "the settings entry was not applied");
        return TypedResults.Json(ClusterSettingsView.From(ClusterSettingsEntry.Decode(result.FarmResult).Over(ClusterSettings.Unset)), ApiJson.Options);
    }
}
