using System.Net.Http.Headers;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Security;

/// <summary>A single-node cluster started with -api-keys and, optionally, -tls-*; keys of every role.</summary>
public sealed class SecureNode : IAsyncDisposable
{
    public const string ReadKey = "read-key-0123456789abcdef";
    public const string WriteKey = "write-key-0123456789abcdef";
    public const string AdminKey = "admin-key-0123456789abcdef";

    private readonly TempFolder _folder = new("raft3d-secure");

    private SecureNode(bool tls)
    {
        KeysFile = _folder.Combine("keys.txt");
        File.WriteAllLines(KeysFile, ["# test keys", $"{ReadKey} read viewer", $"{WriteKey} write floor", $"{AdminKey} admin ops"]);
        Certificates = new TestCertificates("raft3d test CA");
        Node = new TestNode("node1", FreePorts.Next(), FreePorts.Next(), _folder.Path, null);
        Scheme = tls ? "https" : "http";
    }

    public TestNode Node { get; }

    public TestCertificates Certificates { get; }

    public string KeysFile { get; }

    public string Root => _folder.Path;

    public string Scheme { get; }

    public Uri BaseAddress => new($"{Scheme}://127.0.0.1:{Node.HttpPort}");

    /// <summary>-api-keys and, with TLS, -tls-* for a node of this cluster named id (its certificate from this cluster's CA).</summary>
    public string[] SecurityArgs(string id)
    {
        var args = new List<string> { "-api-keys", KeysFile };
        if (Scheme == "https")
        {
            var (cert, key, ca) = Certificates.Write(_folder.Combine("tls"), id);
            args.AddRange(["-tls-cert", cert, "-tls-key", key, "-tls-ca", ca]);
        }
        return [.. args];
    }

    public static async Task<SecureNode> StartAsync(bool tls)
    {
        var secure = new SecureNode(tls);
        await secure.Node.StartAsync(["-bootstrap", .. secure.SecurityArgs("node1")]);
        using var admin = secure.Client(AdminKey);
        await Eventually.True(async () => (await admin.GetStringAsync("/cluster/status")).Contains("\"is_leader\":true"),
            TimeSpan.FromSeconds(30), "node1 to lead its one-node cluster");
        return secure;
    }

    /// <summary>A client that trusts this cluster's CA (for HTTPS) and sends the key, if any.</summary>
    public HttpClient Client(string? key)
    {
        // No redirects: HttpClient drops the Authorization header when it follows one (/ → /docs).
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (Scheme == "https")
        {
            var authority = Certificates.Authority;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if ((errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0 || certificate is null) return false;
                using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return chain.Build((System.Security.Cryptography.X509Certificates.X509Certificate2)certificate);
            };
        }
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _folder.Dispose();
    }
}
