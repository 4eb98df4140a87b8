namespace Raft3D.Server.Security;

/// <summary>The node's -api-keys and -tls-* material; both null: an open API over plain HTTP and TCP.</summary>
public sealed record NodeSecurity(ApiKeys? Keys, TlsMaterial? Tls)
{
    public static NodeSecurity None { get; } = new(null, null);

    /// <summary>http or https: how this node's API, and its peers', are reached.</summary>
    public string HttpScheme => Tls is null ? "http" : "https";
}
