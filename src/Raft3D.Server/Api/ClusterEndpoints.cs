using Akka.Actor;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Server.Api.Models;
using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;

using Raft3D.Server.Cluster;

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

    private static async Task<IResult> Status(HttpContext context, RaftGateway gateway)
    {
        try
        {
            return TypedResults.Json(StatusViews.From(await gateway.StatusAsync(context.RequestAborted)), ApiJson.Options);
        }
        catch (AskTimeoutException)
        {
            return Unavailable(context, gateway, "the Raft actor did not answer in time (still recovering?)");
        }
    }

    private static async Task<IResult> Join(HttpContext context, RaftGateway gateway, NodeOptions node)
    {
        var body = await JsonBody.ReadAsync(context.Request, allowEmpty: false, context.RequestAborted);
        var input = new JoinInput(body.Id("node_id", required: true), body.String("addr", required: true), body.String("http_addr"),
            body.String("cluster_id"));
        body.ThrowIfMissing();
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
        var status = await gateway.StatusAsync(context.RequestAborted);
        var existing = status.Members.FirstOrDefault(m => m.Member.Id == member.Id);
        if (JoinRules.Refusal(status.ClusterId, member.Id, input.ClusterId, existing?.Voter) is { } refusal)
            return Problems.Result(context, 409, "Join refused", refusal, "node_id");
        return await Membership(context, gateway, new AddMember(member));
    }

    private static async Task<IResult> Remove(HttpContext context, RaftGateway gateway)
    {
        var id = context.Request.Query["id"].ToString();
        if (id.Length == 0) throw ApiException.BadRequest("name the server to remove: DELETE /cluster/servers?id=node3", "id");
        var status = await gateway.StatusAsync(context.RequestAborted);
        if (status.Members.All(m => m.Member.Id != id))
            return Problems.Result(context, 404, "Not found", $"'{id}' is not a member of the cluster (members: {string.Join(", ", status.Members.Select(m => m.Member.Id))})", "id");
        return await Membership(context, gateway, new RemoveMember(id));
    }

    private static async Task<IResult> Membership(HttpContext context, RaftGateway gateway, object change)
    {
        MembershipResult result;
        try
        {
            result = await gateway.AskAsync<MembershipResult>(change, context.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            return Problems.Result(context, 503, "Outcome unknown",
                "the membership change was not confirmed in time; it may still commit: check GET /cluster/status before retrying",
                retryAfterSeconds: gateway.Options.RetryAfterSeconds);
        }
        return result switch
        {
            MembershipResult.Done done => TypedResults.Json(StatusViews.From(done), ApiJson.Options),
            MembershipResult.Rejected rejected => Problems.Result(context, 409, "Membership change refused", rejected.Reason),
            MembershipResult.NoLeader noLeader => Unavailable(context, gateway, noLeader.Reason),
            MembershipResult.OutcomeUnknown unknown => Problems.Result(context, 503, "Outcome unknown",
                $"{unknown.Reason}; check GET /cluster/status before retrying", retryAfterSeconds: gateway.Options.RetryAfterSeconds),
            _ => Problems.Result(context, 500, "Internal error", $"unexpected answer {result.GetType().Name}"),
        };
    }

    private static async Task<IResult> Transfer(HttpContext context, RaftGateway gateway)
    {
        var to = context.Request.Query["to"].ToString() is { Length: > 0 } target ? target : null;
        if (to is not null)
        {
            var status = await gateway.StatusAsync(context.RequestAborted);
            if (status.Members.All(m => m.Member.Id != to))
                return Problems.Result(context, 404, "Not found", $"'{to}' is not a member of the cluster (members: {string.Join(", ", status.Members.Select(m => m.Member.Id))})", "to");
        }
        TransferResult result;
        try
        {
            result = await gateway.AskAsync<TransferResult>(new TransferLeadership(to), context.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            return Problems.Result(context, 503, "Outcome unknown", "the transfer was not confirmed in time; check GET /cluster/status",
                retryAfterSeconds: gateway.Options.RetryAfterSeconds);
        }
        return result switch
        {
            TransferResult.Done done => TypedResults.Json(new LeadershipView(done.NewLeader, done.Term), ApiJson.Options),
            TransferResult.Rejected rejected => Problems.Result(context, 409, "Transfer refused", rejected.Reason, to is null ? null : "to"),
            TransferResult.NoLeader noLeader => Unavailable(context, gateway, noLeader.Reason),
            _ => Problems.Result(context, 500, "Internal error", $"unexpected answer {result.GetType().Name}"),
        };
    }

    private static async Task<IResult> Snapshot(HttpContext context, RaftGateway gateway, NodeOptions node)
    {
        try
        {
            var taken = await gateway.AskAsync<SnapshotTaken>(TakeSnapshot.Instance, context.RequestAborted);
            return TypedResults.Json(new SnapshotView(node.NodeId, taken.Index, taken.Term, taken.Bytes), ApiJson.Options);
        }
        catch (AskTimeoutException)
        {
            return Unavailable(context, gateway, "the snapshot was not saved in time");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Problems.Result(context, 500, "Snapshot failed", $"saving the snapshot failed: {e.Message}; the log is kept");
        }
    }

    private static IResult Unavailable(HttpContext context, RaftGateway gateway, string reason) =>
        Problems.Result(context, 503, "No leader", $"{reason}; retry after {gateway.Options.RetryAfterSeconds} s",
            retryAfterSeconds: gateway.Options.RetryAfterSeconds);

    /// <summary>"host:port" (or a full akka.tcp:// or akka.ssl.tcp:// address) → the member's Akka address, in this cluster's scheme.</summary>
    private static string RaftAddress(string addr, bool tls)
    {
        if (addr.StartsWith("akka.tcp://", StringComparison.Ordinal) || addr.StartsWith("akka.ssl.tcp://", StringComparison.Ordinal))
        {
            if (!Akka.Actor.Address.TryParse(addr, out var parsed) || parsed.Host is null || parsed.Port is null)
                throw ApiException.BadRequest($"addr '{addr}' is not an Akka address like akka.tcp://{NodeOptions.SystemName}@127.0.0.1:7001", "addr");
            if (parsed.System != NodeOptions.SystemName)
                throw ApiException.BadRequest($"addr '{addr}': the actor system must be named {NodeOptions.SystemName}", "addr");
            return NodeOptions.AkkaAddress(parsed.Host, parsed.Port.Value, tls);
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
