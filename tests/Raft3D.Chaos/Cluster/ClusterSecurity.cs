using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Raft3D.Chaos.Cluster;

/// <summary>
/// What a secure chaos run gives the nodes and the clients: a CA and a certificate per node
/// (HTTPS on the API, mutual TLS on the Raft port), made with openssl as scripts/cluster.sh
/// `up --secure` does, and/or an API keys file with one key of each role. The workload uses the
/// write key, the nemesis and the status polls the admin key.
/// </summary>
public sealed class ClusterSecurity
{
    private readonly X509Certificate2? _ca;

    private ClusterSecurity(string folder, bool tls, bool apiKeys)
    {
        Folder = folder;
        Tls = tls;
        if (tls)
        {
            _ca = X509CertificateLoader.LoadCertificateFromFile(CaFile);
        }
        if (apiKeys)
        {
            AdminKey = Key();
            WriteKey = Key();
            File.WriteAllText(KeysFile, $"# KEY ROLE NAME (written by the chaos run)\n{AdminKey} admin nemesis\n{WriteKey} write workload\n{Key()} read viewer\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(KeysFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public string Folder { get; }

    public bool Tls { get; }

    public string? AdminKey { get; }

    public string? WriteKey { get; }

    public string Scheme => Tls ? "https" : "http";

    private string CaFile => Path.Combine(Folder, "ca.pem");

    private string KeysFile => Path.Combine(Folder, "api-keys.txt");

    /// <summary>Makes the CA (when tls) and the keys file (when apiKeys) in ROOT/secure; null when neither is asked.</summary>
    public static ClusterSecurity? Create(string root, bool tls, bool apiKeys)
    {
        if (!tls && !apiKeys) return null;
        var folder = Path.Combine(root, "secure");
        Directory.CreateDirectory(folder);
        if (tls)
        {
            Shell.Must("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=raft3d chaos CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", Path.Combine(folder, "ca.key"), "-out", Path.Combine(folder, "ca.pem"));
        }
        return new ClusterSecurity(folder, tls, apiKeys);
    }

    /// <summary>The -api-keys and -tls-* flags of one node; makes its certificate (for its IP) on first use.</summary>
    public IEnumerable<string> NodeFlags(string id, string host)
    {
        if (AdminKey is not null)
        {
            yield return "-api-keys";
            yield return KeysFile;
        }
        if (!Tls) yield break;
        var cert = Path.Combine(Folder, id + ".pem");
        var key = Path.Combine(Folder, id + ".key");
        if (!File.Exists(cert))
        {
            var csr = Path.Combine(Folder, id + ".csr");
            var ext = Path.Combine(Folder, id + ".ext");
            File.WriteAllText(ext, string.Create(CultureInfo.InvariantCulture,
                $"subjectAltName=IP:{host},DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\n"));
            Shell.Must("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", $"/CN={id}", "-keyout", key, "-out", csr);
            Shell.Must("openssl", "x509", "-req", "-in", csr, "-CA", CaFile, "-CAkey", Path.Combine(Folder, "ca.key"), "-CAcreateserial",
                "-days", "2", "-extfile", ext, "-out", cert);
            File.Delete(csr);
        }
        yield return "-tls-cert";
        yield return cert;
        yield return "-tls-key";
        yield return key;
        yield return "-tls-ca";
        yield return CaFile;
    }

    /// <summary>Trusts exactly the run's CA (the nodes' certificates chain to nothing else).</summary>
    public void Configure(SocketsHttpHandler handler)
    {
        if (_ca is null) return;
        var ca = _ca;
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        };
    }

    private static string Key() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
