using Raft3D.Consensus.Hosting;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Raft3D.PrintFarm.Commands;
using Raft3D.Server.Api;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Cluster;

/// <summary>
/// Which command version every member of the configuration applies, as each says on
/// /health/live (open without a key); a node of the previous release says none. Every member is
/// asked every few seconds, so a node rolled back is seen at once; one that does not answer
/// keeps the version it said last, so that PATCH keeps working with a member down once the
/// upgrade is done (this node must have heard each member once since it started). See
/// <see cref="UpgradeRules"/>.
/// </summary>
public sealed class MemberReleases(NodeOptions node, RaftNode raft, ILogger<MemberReleases> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, int> _versions = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<string> _members = [];

    /// <summary>Why command cannot be proposed now, or null when every member applies it.</summary>
    public string? Refusal(FarmCommand command) =>
        UpgradeRules.Refusal(UpgradeRules.VersionNeeded(command), _members, _versions);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _versions[node.NodeId] = UpgradeRules.CommandVersion;
        var security = node.Security;
        using var http = security.Tls is { } tls ? new HttpClient(tls.CreateHttpHandler()) : new HttpClient();
        http.Timeout = Interval;
        var scheme = security.Tls is null ? "http" : "https";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // No status this round (the Raft actor is busy or restarting): ask again next round.
                if (await raft.StatusAsync(stoppingToken) is not StatusOutcome.Known { Status: var status }) goto wait;
                foreach (var member in status.Members)
                {
                    if (member.Member.Id == node.NodeId) continue;
                    if (await AskAsync(http, $"{scheme}://{member.Member.HttpAddress}/health/live", stoppingToken) is { } version)
                    {
                        if (!_versions.TryGetValue(member.Member.Id, out var before) || before != version)
                            logger.LogInformation("Member {Member} applies command version {Version} (this node: {Own})", member.Member.Id, version, UpgradeRules.CommandVersion);
                        _versions[member.Member.Id] = version;
                    }
                }
                // Only once every member was asked, so that a request never sees a member not asked yet as silent.
                _members = status.Members.Select(m => m.Member.Id).ToList();
            }
            catch (TaskCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // An HTTP call timed out: ask again next round.
            }
            wait:
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The version the node says, the previous release's when it says none, null when it does not answer.</summary>
    private static async Task<int?> AskAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        try
        {
            var live = await http.GetFromJsonAsync<JsonElement>(url, cancellationToken);
            return live.TryGetProperty("command_version", out var version) && version.TryGetInt32(out var v) ? v : UpgradeRules.PreviousReleaseVersion;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
