using System.Globalization;
using System.Net;

namespace Raft3D.Server.Flags;

/// <summary>A "host:port" address as given to -http, -raft or -join. An empty host means every interface.</summary>
public sealed record HostPort(string Host, int Port)
{
    /// <summary>The address others use to reach this one: an empty or wildcard host becomes 127.0.0.1.</summary>
    public string Advertised => $"{AdvertisedHost}:{Port}";

    public string AdvertisedHost => Host is "" or "0.0.0.0" or "::" or "*" ? "127.0.0.1" : Host;

    public bool IsWildcard => Host is "" or "0.0.0.0" or "::" or "*";

    /// <summary>Whether only this machine can reach the address (127.0.0.0/8, ::1, localhost).</summary>
    public bool IsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                              || IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip);

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses host:port, [v6]:port or :port; throws <see cref="FlagException"/> naming the flag.</summary>
    public static HostPort Parse(string value, string flag, bool allowEmptyHost)
    {
        var text = value.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) text = text[7..].TrimEnd('/');
        var colon = text.LastIndexOf(':');
        if (colon < 0)
            throw new FlagException($"-{flag} {value}: not a host:port address (e.g. 127.0.0.1:{(flag == "raft" ? 7000 : 8080)})");
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        else if (host.Contains(':')) throw new FlagException($"-{flag} {value}: write an IPv6 address in brackets, e.g. [::1]:8080");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FlagException($"-{flag} {value}: the port must be a number from 1 to 65535");
        if (host.Length == 0 && !allowEmptyHost)
            throw new FlagException($"-{flag} {value}: name the host, e.g. 127.0.0.1:{port}");
        if (host.Length > 0 && Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new FlagException($"-{flag} {value}: '{host}' is not a valid host name or IP address");
        return new HostPort(host, port);
    }

    /// <summary>The local IP address to bind, or null for every interface.</summary>
    public IPAddress? BindAddress(string flag)
    {
        if (IsWildcard) return Host == "::" ? IPAddress.IPv6Any : Host == "" || Host == "*" ? null : IPAddress.Any;
        if (IPAddress.TryParse(Host, out var ip)) return ip;
        try
        {
            var addresses = Dns.GetHostAddresses(Host);
            return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new FlagException($"-{flag} {this}: '{Host}' does not resolve to an address");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new FlagException($"-{flag} {this}: cannot resolve '{Host}' ({e.Message})");
        }
    }
}
