using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Raft3D.Consensus.Hosting;
using Raft3D.PrintFarm.Commands;
using Raft3D.Server.Hosting;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Cluster;

/// <summary>
/// Which command version every member of the configuration applies, as each says on
/// /health/live (open without a key); a node of the previous release says none. Until the
/// upgrade ends (this node applies the cluster's first settings entry) every member is asked
/// every few seconds, so a node rolled back is seen at once; one that does not answer keeps the
/// version it said last. A write that needs a newer version while a member is not known yet
/// (this node just started, or the member just joined) asks the members at once instead of
/// being refused. After the upgrade nobody is asked again. See <see cref="UpgradeRules"/>.
/// </summary>
public sealed class MemberReleases : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Longer than Interval: a member slow to answer on a loaded host is not taken for a silent one.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The Raft status and every member's answer, with room to spare.</summary>
    private static readonly TimeSpan RoundTimeout = 2 * AskTimeout;

    private readonly NodeOptions _node;
    private readonly RaftNode _raft;
    private readonly AppliedFarm _applied;
    private readonly ILogger<MemberReleases> _logger;
    private readonly HttpClient _http;
    private readonly string _scheme;
    private readonly ConcurrentDictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IReadOnlyList<string>? _members;
    private Task? _asking;

    public MemberReleases(NodeOptions node, RaftNode raft, AppliedFarm applied, ILogger<MemberReleases> logger)
    {
        (_node, _raft, _applied, _logger) = (node, raft, applied, logger);
        _http = node.Security.Tls is { } tls ? new HttpClient(tls.CreateHttpHandler()) : new HttpClient();
        _http.Timeout = AskTimeout;
        _scheme = node.Security.Tls is null ? "http" : "https";
        _versions[node.NodeId] = UpgradeRules.CommandVersion;
    }

    /// <summary>Why command cannot be proposed now, or null when every member applies it.</summary>
    public Task<string?> RefusalAsync(FarmCommand command, CancellationToken cancellationToken) =>
        RefusalAsync(UpgradeRules.VersionNeeded(command), cancellationToken);

    /// <summary>Why an entry that needs this command version cannot be proposed now, or null when every member applies it.</summary>
    public async Task<string?> RefusalAsync(int needed, CancellationToken cancellationToken)
    {
        if (Refusal(needed) is null) return null;
        // Ask again before refusing: the members may not have been asked yet, or one has just been
        // upgraded. One round of questions serves every write waiting for it.
        try
        {
            await AskMembersAsync().WaitAsync(_node.Api.RequestTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Refused below with what is known: the members that did not answer are named.
        }
        return Refusal(needed);
    }

    private string? Refusal(int needed) => UpgradeRules.Refusal(needed, _members, _versions, UpgradeEnded);

    /// <summary>This node has applied the cluster's first settings entry: see <see cref="UpgradeRules.Refusal"/>.</summary>
    private bool UpgradeEnded => _applied.Latest?.Settings is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once the upgrade has ended there is nothing left to ask: every member runs this release.
        while (!stoppingToken.IsCancellationRequested && !UpgradeEnded)
        {
            await AskMembersAsync();
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

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    /// <summary>The round of questions under way, or a new one.</summary>
    private Task AskMembersAsync()
    {
        lock (_gate)
        {
            if (_asking is null || _asking.IsCompleted) _asking = AskMembersOnceAsync();
            return _asking;
        }
    }

    private async Task AskMembersOnceAsync()
    {
        // A round that hangs (a call that never answers) would be joined by every later write and
        // keep the gate shut: each round ends after RoundTimeout, and the next one starts afresh.
        using var round = new CancellationTokenSource(RoundTimeout);
        try
        {
            await AskEveryMemberAsync(round.Token);
        }
        catch (OperationCanceledException) when (round.IsCancellationRequested)
        {
            _logger.LogWarning("Asking the members which release they run took longer than {Timeout}", RoundTimeout);
        }
        catch (Exception e)
        {
            // A failed round must not stop the next one (nor the host): log it and ask again later.
            _logger.LogWarning(e, "Could not ask the members which release they run");
        }
    }

    private async Task AskEveryMemberAsync(CancellationToken cancellationToken)
    {
        // No status this round (the Raft actor is busy or restarting): ask again next round.
        if (await _raft.StatusAsync(cancellationToken) is not StatusOutcome.Known { Status: var status }) return;
        await Task.WhenAll(status.Members.Where(m => m.Member.Id != _node.NodeId).Select(async member =>
        {
            if (await AskAsync($"{_scheme}://{member.Member.HttpAddress}/health/live", cancellationToken) is not { } version) return;
            if (!_versions.TryGetValue(member.Member.Id, out var before) || before != version)
                _logger.LogInformation("Member {Member} applies command version {Version} (this node: {Own})", member.Member.Id, version, UpgradeRules.CommandVersion);
            _versions[member.Member.Id] = version;
        }));
        // Only once every member was asked, so that a request never sees a member not asked yet as silent.
        _members = status.Members.Select(m => m.Member.Id).ToList();
    }

    /// <summary>The version the node says, the previous release's when it says none, null when it does not answer.</summary>
    private async Task<int?> AskAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            var live = await _http.GetFromJsonAsync<JsonElement>(url, cancellationToken);
            return live.TryGetProperty("command_version", out var version) && version.TryGetInt32(out var v) ? v : UpgradeRules.PreviousReleaseVersion;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
