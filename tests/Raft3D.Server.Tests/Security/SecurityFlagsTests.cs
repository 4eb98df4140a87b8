using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Security;

/// <summary>-api-keys and -tls-*: what a node accepts at start, and what it makes of it.</summary>
public sealed class SecurityFlagsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestCertificates _ca = new("flags test CA");

    public void Dispose() => _folder.Dispose();

    private static NodeOptions Read(params string[] flags) => NodeOptionsReader.Read(FlagParser.Parse(["-id", "node1", .. flags]));

    [Fact]
    public void Without_security_flags_the_node_is_open_and_plain()
    {
        var node = Read();
        Assert.Null(node.Security.Keys);
        Assert.Null(node.Security.Tls);
        Assert.Equal("http", node.Security.HttpScheme);
        Assert.StartsWith("akka.tcp://", node.RaftAddress);
    }

    [Fact]
    public void With_tls_the_api_is_https_and_members_use_akkas_tls_scheme()
    {
        var (cert, key, ca) = _ca.Write(_folder.Path, "node1");
        var node = Read("-tls-cert", cert, "-tls-key", key, "-tls-ca", ca);
        Assert.Equal("https", node.Security.HttpScheme);
        Assert.Equal("akka.ssl.tcp://raft3d@127.0.0.1:7000", node.RaftAddress);
        Assert.True(node.Security.Tls!.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_keys_file_is_read_from_the_flag()
    {
        var file = _folder.Combine("keys.txt");
        File.WriteAllText(file, "0123456789abcdef0123 admin ops\n");
        Assert.Equal("ops", Read("-api-keys", file).Security.Keys!.All.Single().Name);
    }

    [Theory]
    [InlineData("cert", "go together")]
    [InlineData("cert+key", "go together")]
    [InlineData("other-ca", "not signed by the CA")]
    [InlineData("missing-ca", "-tls-ca")]
    [InlineData("key-as-cert", "not a PEM certificate and its private key")]
    [InlineData("missing-keys", "-api-keys")]
    public void A_bad_combination_or_file_stops_the_node_with_one_line(string setup, string expected)
    {
        var (cert, key, ca) = _ca.Write(_folder.Path, "node1");
        var (_, _, otherCa) = new TestCertificates("another CA").Write(_folder.Combine("other"), "x");
        string[] flags = setup switch
        {
            "cert" => ["-tls-cert", cert],
            "cert+key" => ["-tls-cert", cert, "-tls-key", key],
            "other-ca" => ["-tls-cert", cert, "-tls-key", key, "-tls-ca", otherCa],
            "missing-ca" => ["-tls-cert", cert, "-tls-key", key, "-tls-ca", _folder.Combine("nope.pem")],
            "key-as-cert" => ["-tls-cert", key, "-tls-key", key, "-tls-ca", ca],
            _ => ["-api-keys", _folder.Combine("nope.txt")],
        };
        var error = Assert.Throws<FlagException>(() => Read(flags));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", true)]
    [InlineData("127.0.0.2:8080", true)]
    [InlineData("localhost:8080", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData(":8080", false)]
    [InlineData("0.0.0.0:8080", false)]
    [InlineData("10.0.0.5:8080", false)]
    public void Only_a_loopback_address_counts_as_private(string address, bool loopback) =>
        Assert.Equal(loopback, HostPort.Parse(address, "http", allowEmptyHost: true).IsLoopback);
}
