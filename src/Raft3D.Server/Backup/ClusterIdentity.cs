namespace Raft3D.Server.Backup;

/// <summary>
/// The id of the cluster this node belongs to, as written into backups. The one place that
/// asks for it: "" until the cluster keeps an id in its replicated state.
/// </summary>
public sealed class ClusterIdentity
{
    public string Current => "";
}
