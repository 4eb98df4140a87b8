using Raft3D.PrintFarm.Commands;

namespace Raft3D.Server.Cluster;

/// <summary>
/// What a cluster in the middle of a rolling upgrade accepts. A log entry is applied by every
/// member; one whose command an older member cannot decode would be skipped there as malformed
/// while the others apply it, and their states would part. So a command kind newer than the
/// previous release is refused until every member has said it runs a release that knows it.
/// </summary>
public static class UpgradeRules
{
    /// <summary>
    /// The command version this release applies, told to other nodes on /health/live. Version 2
    /// brought PATCH and DELETE, If-Match on a status change and the cluster's settings; the
    /// previous release (v0.1.0), which does not tell any, applies version 1.
    /// </summary>
    public const int CommandVersion = 2;

    /// <summary>What a settings entry needs (<see cref="Settings.ClusterSettingsEntry"/>).</summary>
    public const int SettingsVersion = 2;

    /// <summary>What a node that says nothing applies.</summary>
    public const int PreviousReleaseVersion = 1;

    /// <summary>The command version a command needs every member to apply.</summary>
    public static int VersionNeeded(FarmCommand command) => command switch
    {
        UpdatePrinter or UpdateFilament or DeletePrinter or DeleteFilament => 2,
        ChangeJobStatus { ExpectedVersion: not null } => 2,
        _ => 1,
    };

    /// <summary>
    /// Null when every member is known to apply the version needed; otherwise why not, naming
    /// the members that run an older release and those not heard from yet (all of them while
    /// members is null: this node has not learnt the configuration yet). upgradeEnded: this node
    /// has applied the log's first settings entry, which is proposed only once every member
    /// applies this release's commands and which the previous release cannot read past, so no
    /// member can be older (a release that brings a new command version will need a mark of its
    /// own in the log).
    /// </summary>
    public static string? Refusal(int needed, IEnumerable<string>? members, IReadOnlyDictionary<string, int> versions, bool upgradeEnded = false)
    {
        if (needed <= PreviousReleaseVersion || (upgradeEnded && needed <= CommandVersion)) return null;
        if (members is null) return Because("this node has not heard from the other members yet");
        var older = new List<string>();
        var unknown = new List<string>();
        foreach (var member in members.Order(StringComparer.Ordinal))
        {
            if (!versions.TryGetValue(member, out var version)) unknown.Add(member);
            else if (version < needed) older.Add(member);
        }
        if (older.Count == 0 && unknown.Count == 0) return null;
        var why = new List<string>();
        if (older.Count > 0) why.Add($"{string.Join(", ", older)} {(older.Count == 1 ? "runs" : "run")} an older release");
        if (unknown.Count > 0) why.Add($"{string.Join(", ", unknown)} {(unknown.Count == 1 ? "has" : "have")} not answered yet");
        return Because(string.Join("; ", why));
    }

    private static string Because(string why) =>
        $"not every node runs a release that knows PATCH, DELETE, If-Match on a status change and cluster settings ({why}); finish the upgrade, then retry";
}
