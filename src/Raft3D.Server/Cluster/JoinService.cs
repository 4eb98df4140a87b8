using System.Net.Http.Json;
using System.Text.Json;
using Raft3D.Consensus.Hosting;
using Raft3D.Server.Api;
using Raft3D.Server.Api.Models;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Cluster;

/// <summary>
/// -join: once the node runs, and while it is not in its own cluster configuration, asks the
/// given nodes (each in turn) to add it through POST /join, backing off between rounds, until
/// its Raft actor holds a configuration that includes it.
/// </summary>
public sealed class JoinService(NodeOptions node, RaftNode raft, NodeExit exit, IHostApplicationLifetime lifetime,
    ILogger<JoinService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var join = node.Join;
        if (join.Addresses.Count == 0) return;
        try
        {
            if (await IsMemberAsync(stoppingToken))
            {
                logger.LogInformation("Already a member of the cluster; -join {Addresses} not needed", string.Join(",", join.Addresses));
                return;
            }
            var security = node.Security;
            using var http = security.Tls is { } tls ? new HttpClient(tls.CreateHttpHandler()) : new HttpClient();
            http.Timeout = join.AttemptTimeout;
            // With API keys, a node calls its peers with the first admin key of its -api-keys file.
            if (security.Keys?.NodeKey is { } key) http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            else if (security.Keys is not null)
                logger.LogWarning("-api-keys has no admin key, which this node needs to ask other nodes to add it (POST /join); they will answer 401");
            var request = new JoinInput(node.NodeId, node.RaftAdvertised.ToString(), node.HttpAddress,
                // "" says "no data", which lets the cluster refuse a voter that lost its data.
                (await StatusAsync(stoppingToken)).ClusterId ?? "");
            var backoff = join.InitialBackoff;
            for (var round = 1; !stoppingToken.IsCancellationRequested; round++)
            {
                foreach (var address in join.Addresses)
                {
                    var joined = await TryJoinAsync(http, address, request, round, stoppingToken);
                    if (joined is null) return;
                    if (joined.Value)
                    {
                        await WaitUntilMemberAsync(stoppingToken);
                        logger.LogInformation("Joined the cluster through {Address}", address);
                        return;
                    }
                    if (await IsMemberAsync(stoppingToken))
                    {
                        logger.LogInformation("This node is now a member of the cluster");
                        return;
                    }
                }
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, join.MaxBackoff.TotalMilliseconds));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>True: added; false: retry; null: refused for good (the node is stopping).</summary>
    private async Task<bool?> TryJoinAsync(HttpClient http, string address, JoinInput request, int round, CancellationToken stoppingToken)
    {
        var url = $"{node.Security.HttpScheme}://{address}/join";
        try
        {
            using var response = await http.PostAsJsonAsync(url, request, ApiJson.Options, stoppingToken);
            if (response.IsSuccessStatusCode) return true;
            var detail = await DetailAsync(response, stoppingToken);
            if (response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Refused for what this node is (another cluster's data, a voter without its data):
                // retrying cannot help until an operator acts, so stop where a supervisor shows it.
                logger.LogCritical("Join refused by {Address}: {Detail}; exiting with code {Code}", address, detail, NodeExit.JoinRefused);
                exit.Fail(NodeExit.JoinRefused);
                lifetime.StopApplication();
                return null;
            }
            logger.LogInformation("Join attempt {Round} through {Address}: {Status} {Detail}; retrying", round, address, (int)response.StatusCode, detail);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Join attempt {Round} through {Address} failed: {Reason}; retrying", round, address, e.Message);
        }
        return false;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private async Task WaitUntilMemberAsync(CancellationToken stoppingToken)
    {
        while (!await IsMemberAsync(stoppingToken)) await Task.Delay(100, stoppingToken);
    }

    private async Task<bool> IsMemberAsync(CancellationToken stoppingToken) =>
        (await StatusAsync(stoppingToken)).Members.Any(m => m.Member.Id == node.NodeId);

    /// <summary>This node's status, once its Raft actor answers (it may still be recovering its journal).</summary>
    private async Task<Consensus.Node.RaftStatus> StatusAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            if (await raft.StatusAsync(stoppingToken) is StatusOutcome.Known known) return known.Status;
        }
    }
}
