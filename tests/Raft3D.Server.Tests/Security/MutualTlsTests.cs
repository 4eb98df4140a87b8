using System.Net;
using System.Text;
using System.Text.Json;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Security;

/// <summary>
/// -tls-* on real nodes: a node whose certificate the cluster's CA signed joins over HTTPS with
/// the node key and replicates over mutual TLS; a system with a certificate from another CA
/// gets nothing through the Raft port.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("raft3d-mtls");
    private SecureNode _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SecureNode.StartAsync(tls: true);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _folder.Dispose();
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/cluster/status")).RootElement;

    [Fact]
    public async Task A_node_with_the_clusters_ca_joins_and_one_from_another_ca_cannot()
    {
        using var admin = _cluster.Client(SecureNode.AdminKey);
        using var created = await admin.PostAsync("/api/v1/printers",
            new StringContent("""{"id":"p1","company":"Prusa","model":"MK4"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // node2: the cluster's CA; it joins by itself through POST /join over HTTPS.
        await using var node2 = new TestNode("node2", FreePorts.Next(), FreePorts.Next(), _folder.Path, null);
        await node2.StartAsync(["-join", _cluster.Node.HttpAddress, .. _cluster.SecurityArgs("node2")]);
        var leaderCommit = (await StatusAsync(admin)).GetProperty("commit_index").GetInt64();
        using var node2Client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = new Uri($"https://{node2.HttpAddress}") };
        node2Client.DefaultRequestHeaders.Authorization = new("Bearer", SecureNode.ReadKey);
        await Eventually.True(async () => (await StatusAsync(node2Client)).GetProperty("applied_index").GetInt64() >= leaderCommit,
            TimeSpan.FromSeconds(60), "node2 to catch up over mutual TLS");
        Assert.Contains("\"MK4\"", await node2Client.GetStringAsync("/api/v1/printers/p1?consistency=local"));

        // A system whose certificate another CA signed (and which would trust any server) tries
        // the Raft port: the node refuses its certificate, nothing it sends arrives, and the
        // node keeps serving.
        var other = new TestCertificates("another CA");
        var (cert, key, _) = other.Write(_folder.Combine("other"), "rogue");
        using var pem = X509Certificate2.CreateFromPemFile(cert, key);
        var rogueCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var rogueSetup = ActorSystemSetup.Create(
            BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString("""
                akka.actor.provider = remote
                akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = true }
                akka.coordinated-shutdown.exit-clr = off
                akka.loglevel = OFF
                akka.stdout-loglevel = OFF
                """)),
            new DotNettySslSetup(rogueCertificate, suppressValidation: true, requireMutualAuthentication: true));
        using var rogue = ActorSystem.Create("raft3d", rogueSetup);
        var raft = ((ExtendedActorSystem)rogue).Provider.ResolveActorRef($"akka.ssl.tcp://raft3d@{_cluster.Node.RaftAddress}/user/raft");
        raft.Tell(new RemoteHardeningTests.Canary(3));
        await Eventually.True(async () => (await File.ReadAllTextAsync(_cluster.Node.LogFile)).Contains("TLS handshake failed"),
            TimeSpan.FromSeconds(30), "node1 to refuse the other CA's certificate");
        using var after = await admin.PostAsync("/api/v1/printers",
            new StringContent("""{"id":"p2","company":"Prusa","model":"XL"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var log = await File.ReadAllTextAsync(_cluster.Node.LogFile);
        Assert.DoesNotContain("serializer id [1]", log);
        Assert.DoesNotContain("CoordinatedShutdown invoked", log);
        await rogue.Terminate();
    }
}
