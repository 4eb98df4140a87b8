namespace Raft3D.Consensus.Membership;

/// <summary>
/// A server's Raft address (<see cref="Member.RaftAddress"/>) is its actor system's Akka.Remote
/// address: akka.tcp://SYSTEM@HOST:PORT, or akka.ssl.tcp:// when the cluster runs TLS. Hosts build
/// and read them here, so no host needs to know Akka's address syntax.
/// </summary>
public static class RaftAddresses
{
    private const string Plain = "akka.tcp://";
    private const string Tls = "akka.ssl.tcp://";

    public static string Of(string system, string host, int port, bool tls) => $"{(tls ? Tls : Plain)}{system}@{host}:{port}";

    /// <summary>Whether address is written as a full Raft address rather than as host:port.</summary>
    public static bool IsFull(string address) =>
        address.StartsWith(Plain, StringComparison.Ordinal) || address.StartsWith(Tls, StringComparison.Ordinal);

    /// <summary>The system, host and port of a full Raft address; null when it is not one.</summary>
    public static (string System, string Host, int Port)? Parse(string address) =>
        IsFull(address) && Akka.Actor.Address.TryParse(address, out var parsed) && parsed.Host is { Length: > 0 } host && parsed.Port is { } port
            ? (parsed.System, host, port)
            : null;
}
