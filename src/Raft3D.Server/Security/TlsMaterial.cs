using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Raft3D.Server.Flags;

namespace Raft3D.Server.Security;

/// <summary>
/// -tls-cert, -tls-key and -tls-ca: this node's certificate with its private key, and the CA
/// whose certificates it trusts, read from PEM files. The CA alone decides trust, on both
/// ports: the system's roots play no part, and any certificate the CA signed is a peer.
/// </summary>
public sealed class TlsMaterial(X509Certificate2 certificate, X509Certificate2Collection authority)
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2Collection Authority { get; } = authority;

    public static TlsMaterial Load(string certFile, string keyFile, string caFile)
    {
        X509Certificate2 certificate;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // An ephemeral key from PEM cannot serve TLS on every platform; a PKCS#12 round trip
            // gives a certificate whose key SslStream can use.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new FlagException($"-tls-cert {certFile} / -tls-key {keyFile}: not a PEM certificate and its private key ({e.Message.Split('\n', 2)[0].Trim()})");
        }
        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new FlagException($"-tls-ca {caFile}: not a PEM certificate ({e.Message.Split('\n', 2)[0].Trim()})");
        }
        if (authority.Count == 0) throw new FlagException($"-tls-ca {caFile}: no certificate in it");
        var material = new TlsMaterial(certificate, authority);
        if (!material.IsTrusted(certificate))
            throw new FlagException($"-tls-cert {certFile}: not signed by the CA of -tls-ca {caFile} (or expired), so peers would refuse it");
        return material;
    }

    /// <summary>Whether a certificate chains to the CA (time and signatures checked, revocation not: a private CA has no CRL).</summary>
    public bool IsTrusted(X509Certificate2? presented)
    {
        if (presented is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    /// <summary>
    /// A server certificate check for HTTPS clients (this node calling a peer): the name must
    /// match the address called, and the chain must end at the CA.
    /// </summary>
    public bool ValidateServer(X509Certificate? presented, SslPolicyErrors errors) =>
        (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && presented is not null && IsTrusted(presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));

    /// <summary>An HTTP handler that trusts this CA (and only it) for HTTPS peers.</summary>
    public HttpMessageHandler CreateHttpHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) => ValidateServer(presented, errors),
        },
    };
}
