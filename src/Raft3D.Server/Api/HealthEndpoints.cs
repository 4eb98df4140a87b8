using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Server.Api.Models;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Api;

/// <summary>/health/live: the process answers. /health/ready: the journal works, a leader is known and this node has applied its commit index.</summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", (NodeOptions node) => TypedResults.Json(new HealthView("live", node.NodeId, null, 0, 0, null), ApiJson.Options))
            .WithName("Live").WithTags("Health").Produces<HealthView>().WithSummary("200 while the process runs");
        app.MapGet("/health/ready", Ready).WithName("Ready").WithTags("Health")
            .Produces<HealthView>().Produces<HealthView>(503)
            .WithSummary("200 when a leader is known and this node has applied everything it knows is committed; 503 otherwise");
    }

    private static async Task<IResult> Ready(HttpContext context, RaftNode raft, NodeOptions node, JournalHealth journal)
    {
        // A failing journal means the Raft actor is stopped or about to be: do not ask it.
        if (journal.Fault is { } fault)
        {
            context.Response.Headers.RetryAfter = node.Api.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Json(new HealthView("not ready", node.NodeId, null, 0, 0,
                $"the Raft journal is failing since {fault.Since:u} ({fault.LastError})"), ApiJson.Options, statusCode: 503);
        }
        if (await raft.StatusAsync(context.RequestAborted) is not StatusOutcome.Known { Status: var status })
            return TypedResults.Json(new HealthView("not ready", node.NodeId, null, 0, 0, "the Raft actor did not answer in time"), ApiJson.Options, statusCode: 503);
        var reason = status.LeaderId is null ? "no leader is known"
            : status.AppliedIndex < status.CommitIndex ? $"applied index {status.AppliedIndex} is behind commit index {status.CommitIndex}"
            : status.Members.All(m => m.Member.Id != node.NodeId) ? "this node is not a member of the cluster yet"
            : null;
        var view = new HealthView(reason is null ? "ready" : "not ready", node.NodeId, status.LeaderId, status.CommitIndex, status.AppliedIndex, reason);
        if (reason is not null) context.Response.Headers.RetryAfter = node.Api.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(view, ApiJson.Options, statusCode: reason is null ? 200 : 503);
    }
}
