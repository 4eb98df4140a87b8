using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Membership;
using Raft3D.Server.Api.Models;
using Raft3D.Server.Flags;
using Raft3D.Server.Cluster;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Api;

/// <summary>SPEC §4: status, membership through the log, leadership transfer, snapshots.</summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster/status", Status).WithName("ClusterStatus").WithTags("Cluster")
            .Produces<ClusterStatusView>().ProducesProblem(503, Problems.ContentType)
            .WithSummary("This node's view: state, term, leader, indexes and members");
        app.MapPost("/join", Join).WithName("Join").WithTags("Cluster")
            .DocumentsJsonBody<JoinInput>().Produces<MembershipView>()
            .ProducesProblem(400, Problems.ContentType).ProducesProblem(409, Problems.ContentType).ProducesProblem(503, Problems.ContentType)
            .WithSummary("Add a node through the Raft log (as a learner, promoted to voter once caught up)");
        app.MapDelete("/cluster/servers", Remove).WithName("RemoveServer").WithTags("Cluster")
            .Produces<MembershipView>().ProducesProblem(400, Problems.ContentType).ProducesProblem(404, Problems.ContentType)
            .ProducesProblem(409, Problems.ContentType).ProducesProblem(503, Problems.ContentType)
            .WithSummary("Remove a node (?id=node3) through the Raft log");
        app.MapPost("/cluster/leadership", Transfer).WithName("TransferLeadership").WithTags("Cluster")
            .Produces<LeadershipView>().ProducesProblem(404, Problems.ContentType).ProducesProblem(409, Problems.ContentType)
            .ProducesProblem(503, Problems.ContentType)
            .WithSummary("Hand leadership over (?to=node2, or to the most up-to-date voter)");
        app.MapPost("/cluster/snapshot", Snapshot).WithName("TakeSnapshot").WithTags("Cluster")
            .Produces<SnapshotView>().ProducesProblem(500, Problems.ContentType).ProducesProblem(503, Problems.ContentType)
            .WithSummary("Snapshot this node's state now and compact its log");
    }

    private static async Task<IResult> Status(HttpContext context, RaftNode raft, NodeOptions node) =>
        await raft.StatusAsync(context.RequestAborted) is StatusOutcome.Known known
            ? TypedResults.Json(StatusViews.From(known.Status), ApiJson.Options)
            : NoStatus(context, node);

    private static async Task<IResult> Join(HttpContext context, RaftNode raft, NodeOptions node)
    {
        var input = await JsonBody.ReadAsync(context.Request, allowEmpty: false, body =>
        {
            var input = new JoinInput(body.Id("node_id", required: true), body.String("addr", required: true), body.String("http_addr"),
                body.String("cluster_id"));
            body.ThrowIfMissing();
            return input;
        }, context.RequestAborted);
        if (!Raft3D.PrintFarm.Model.Ids.IsValid(input.NodeId))
            throw ApiException.BadRequest($"node_id {Raft3D.PrintFarm.Model.Ids.Rule}, not '{input.NodeId}'", "node_id");
        var raftAddress = RaftAddress(input.Addr!, node.Security.Tls is not null);
        string httpAddress;
        try
        {
            httpAddress = input.HttpAddr is { Length: > 0 } http ? HostPort.Parse(http, "http_addr", allowEmptyHost: true).Advertised : "";
        }
        catch (FlagException e)
        {
            throw ApiException.BadRequest(e.Message.TrimStart('-'), "http_addr");
        }
        var member = new Member(input.NodeId!, raftAddress, httpAddress);
        if (await raft.StatusAsync(context.RequestAborted) is not StatusOutcome.Known { Status: var status }) return NoStatus(context, node);
        var existing = status.Members.FirstOrDefault(m => m.Member.Id == member.Id);
        if (JoinRules.Refusal(status.ClusterId, member.Id, input.ClusterId, existing?.Voter) is { } refusal)
            return Problems.Result(context, 409, "Join refused", refusal, "node_id");
        return Membership(context, node, await raft.AddMemberAsync(member, context.RequestAborted));
    }

    private static async Task<IResult> Remove(HttpContext context, RaftNode raft, NodeOptions node)
    {
        var id = context.Request.Query["id"].ToString();
        if (id.Length == 0) throw ApiException.BadRequest("name the server to remove: DELETE /cluster/servers?id=node3", "id");
        if (await raft.StatusAsync(context.RequestAborted) is not StatusOutcome.Known { Status: var status }) return NoStatus(context, node);
        if (status.Members.All(m => m.Member.Id != id))
            return Problems.Result(context, 404, "Not found", $"'{id}' is not a member of the cluster (members: {string.Join(", ", status.Members.Select(m => m.Member.Id))})", "id");
        return Membership(context, node, await raft.RemoveMemberAsync(id, context.RequestAborted));
    }

    private static IResult Membership(HttpContext context, NodeOptions node, MembershipOutcome outcome) =>
        outcome is MembershipOutcome.Done done
            ? TypedResults.Json(StatusViews.From(done), ApiJson.Options)
            : RaftResults.MembershipNotDone(context, outcome, node.Api.RetryAfterSeconds);

    private static async Task<IResult> Transfer(HttpContext context, RaftNode raft, NodeOptions node)
    {
        var to = context.Request.Query["to"].ToString() is { Length: > 0 } target ? target : null;
        if (to is not null)
        {
            if (await raft.StatusAsync(context.RequestAborted) is not StatusOutcome.Known { Status: var status }) return NoStatus(context, node);
            if (status.Members.All(m => m.Member.Id != to))
                return Problems.Result(context, 404, "Not found", $"'{to}' is not a member of the cluster (members: {string.Join(", ", status.Members.Select(m => m.Member.Id))})", "to");
        }
        var outcome = await raft.TransferLeadershipAsync(to, context.RequestAborted);
        return outcome is TransferOutcome.Done done
            ? TypedResults.Json(new LeadershipView(done.NewLeader, done.Term), ApiJson.Options)
            : RaftResults.TransferNotDone(context, outcome, to is null ? null : "to", node.Api.RetryAfterSeconds);
    }

    private static async Task<IResult> Snapshot(HttpContext context, RaftNode raft, NodeOptions node)
    {
        var outcome = await raft.TakeSnapshotAsync(context.RequestAborted);
        return outcome is SnapshotOutcome.Taken taken
            ? TypedResults.Json(new SnapshotView(node.NodeId, taken.Index, taken.Term, taken.Bytes), ApiJson.Options)
            : RaftResults.SnapshotNotTaken(context, outcome, node.Api.RetryAfterSeconds);
    }

    private static IResult NoStatus(HttpContext context, NodeOptions node) =>
        RaftResults.NoLeader(context, "the Raft actor did not answer in time (still recovering?)", node.Api.RetryAfterSeconds);

    /// <summary>"host:port" (or a full akka.tcp:// or akka.ssl.tcp:// address) → the member's Akka address, in this cluster's scheme.</summary>
    private static string RaftAddress(string addr, bool tls)
    {
        if (RaftAddresses.IsFull(addr))
        {
            if (RaftAddresses.Parse(addr) is not { } parsed)
                throw ApiException.BadRequest($"addr '{addr}' is not an Akka address like {NodeOptions.AkkaAddress("127.0.0.1", 7001, tls: false)}", "addr");
            if (parsed.System != NodeOptions.SystemName)
                throw ApiException.BadRequest($"addr '{addr}': the actor system must be named {NodeOptions.SystemName}", "addr");
            return NodeOptions.AkkaAddress(parsed.Host, parsed.Port, tls);
        }
        try
        {
            var hostPort = HostPort.Parse(addr, "addr", allowEmptyHost: false);
            return NodeOptions.AkkaAddress(hostPort.Host, hostPort.Port, tls);
        }
        catch (FlagException e)
        {
            throw ApiException.BadRequest(e.Message.TrimStart('-'), "addr");
        }
    }
}
