using Raft3D.Server.Settings;

namespace Raft3D.Server.Api.Models;

/// <summary>
/// GET and PATCH /cluster/settings: the settings every node applies. Source is "cluster" once the
/// log has set them, "default" before (the built-in bounds, the same on every node).
/// </summary>
public sealed record ClusterSettingsView(int IdempotencyMaxEntries, long IdempotencyMaxAgeSeconds, string Source)
{
    public static ClusterSettingsView From(ClusterSettings? settings)
    {
        var effective = settings ?? ClusterSettings.Unset;
        return new ClusterSettingsView(effective.IdempotencyMaxEntries, (long)effective.IdempotencyMaxAge.TotalSeconds,
            settings is null ? "default" : "cluster");
    }
}
