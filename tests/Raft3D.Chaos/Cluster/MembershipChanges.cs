using System.Net;
using System.Net.Http.Json;
using Raft3D.Testing;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// Membership changes through the API, as an operator makes them: DELETE /cluster/servers to
/// remove a node, POST /join to add it back by hand, and waits until the leader's configuration
/// says the change took effect. Each call is retried on the current leader (any node forwards,
/// but a leader change in the middle answers 503) until its deadline.
/// </summary>
public sealed class MembershipChanges(ChaosCluster cluster)
{
    public async Task RemoveAsync(NodeProcess node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Eventually.Get(async () =>
        {
            if (await LeaderStatusAsync(cancellationToken) is not { } leader) return null;
            if (!leader.Status.Voters.Contains(node.Id) && leader.Node != node) return "removed";
            await SendAsync(leader.Node, HttpMethod.Delete, $"/cluster/servers?id={node.Id}", null, cancellationToken);
            return null;
        }, timeout, () => $"{node.Id} removed from the leader's configuration", TimeSpan.FromMilliseconds(500), cancellationToken);
    }

    /// <summary>POST /join of the node's addresses (as `raft3d cluster join` does), until it is a voter again.</summary>
    public async Task AddAsync(NodeProcess node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string> { ["node_id"] = node.Id, ["addr"] = node.RaftAddress, ["http_addr"] = node.HttpAddress };
        await Eventually.Get(async () =>
        {
            if (await LeaderStatusAsync(cancellationToken) is not { } leader) return null;
            if (leader.Status.Voters.Contains(node.Id)) return "voter";
            await SendAsync(leader.Node, HttpMethod.Post, "/join", body, cancellationToken);
            return null;
        }, timeout, () => $"{node.Id} a voter again", TimeSpan.FromMilliseconds(500), cancellationToken);
    }

    /// <summary>Waits until the leader lists the node as a voter (a node that joined by itself).</summary>
    public async Task WaitForVoterAsync(NodeProcess node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Eventually.Get(async () => await LeaderStatusAsync(cancellationToken) is { } leader && leader.Status.Voters.Contains(node.Id) ? "voter" : null,
            timeout, () => $"{node.Id} a voter again", TimeSpan.FromMilliseconds(500), cancellationToken);
    }

    private async Task<(NodeProcess Node, NodeStatus Status)?> LeaderStatusAsync(CancellationToken cancellationToken)
    {
        var statuses = await cluster.StatusesAsync(cancellationToken);
        return statuses.Where(s => s.Status is { IsLeader: true }).OrderByDescending(s => s.Status!.Term)
            .Select(s => ((NodeProcess, NodeStatus)?)(s.Node, s.Status!)).FirstOrDefault();
    }

    private async Task<HttpStatusCode?> SendAsync(NodeProcess node, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            using var request = new HttpRequestMessage(method, new Uri(node.BaseUri, path));
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await cluster.Admin.SendAsync(request, cts.Token);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }
}
