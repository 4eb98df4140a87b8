using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Raft3D.Cli.Commands;

namespace Raft3D.Cli.Http;

/// <summary>
/// The HTTP handler of the CLI. With --ca FILE, an https:// node's certificate must chain to
/// that CA (the system's roots play no part) and name the host called; without, the system's
/// trust store decides, as for any HTTPS client.
/// </summary>
public static class CaTrust
{
    public static SocketsHttpHandler Handler(string? caFile)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) };
        if (caFile is null) return handler;
        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--ca {caFile}: not a readable PEM certificate ({e.Message.Split('\n', 2)[0].Trim()})");
        }
        if (authority.Count == 0) throw new UsageException($"--ca {caFile}: no certificate in it");
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && presented is X509Certificate2 certificate && ChainsTo(certificate, authority),
        };
        return handler;
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
