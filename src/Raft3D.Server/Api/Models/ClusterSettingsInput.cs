namespace Raft3D.Server.Api.Models;

/// <summary>The body of PATCH /cluster/settings: the settings to change; those left out stay.</summary>
public sealed record ClusterSettingsInput(int? IdempotencyMaxEntries, int? IdempotencyMaxAgeSeconds);
