using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Raft3D.Bench.Http;

/// <summary>
/// What the bench's client needs to talk to a cluster started with TLS and API keys: the CA
/// that signed the nodes' certificates (trusted for this client only) and an admin key.
/// </summary>
public sealed record ClientSecurity(string CaPemPath, string ApiKey)
{
    /// <summary>Trusts the nodes' certificates when they chain to the cluster's CA, and nothing else.</summary>
    public void Apply(SocketsHttpHandler handler)
    {
        // A PEM file with the certificate alone: CreateFromPemFile would want its private key too.
        var pem = PemEncoding.Find(File.ReadAllText(CaPemPath));
        var ca = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(File.ReadAllText(CaPemPath)[pem.Base64Data]));
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null) return false;
                if (errors == SslPolicyErrors.None) return true;
                if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        };
    }
}
