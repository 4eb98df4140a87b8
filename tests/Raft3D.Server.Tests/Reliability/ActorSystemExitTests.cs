using System.Net;
using System.Net.Sockets;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>
/// Akka.Remote ends the actor system when an outbound TLS handshake fails, and a peer that
/// closes a connection during the handshake is enough (what a partitioned peer does once its
/// handshake timeout fires: FINDINGS.md §6). The node must then exit non-zero, so that its
/// service manager restarts it, instead of exiting 0 as after a deliberate stop.
/// </summary>
public sealed class ActorSystemExitTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_peer_that_closes_the_connection_during_the_TLS_handshake_makes_the_node_exit_with_code_5()
    {
        // The "peer": accepts TCP connections on its Raft port and closes each at once.
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        var peerPort = ((IPEndPoint)peer.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var accepted = 0;
        var closer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await peer.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref accepted);
                connection.Client.LingerState = new LingerOption(true, 0);
            }
        });

        var (cert, key, ca) = new TestCertificates("raft3d test CA").Write(_folder.Combine("tls"), "n1");
        var raftPort = FreePorts.Next();
        var config = _folder.Combine("cluster.conf");
        await File.WriteAllTextAsync(config, $$"""
            raft3d.node.bootstrap-members = [
              { id = n1, raft = "127.0.0.1:{{raftPort}}", http = "127.0.0.1:{{FreePorts.Next()}}" }
              { id = n2, raft = "127.0.0.1:{{peerPort}}", http = "127.0.0.1:{{FreePorts.Next()}}" }
            ]
            """);
        string[] args = ["-id", "n1", "-bootstrap", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", $"127.0.0.1:{raftPort}",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"), "-console-level", "error", "-config", config,
            "-tls-cert", cert, "-tls-key", key, "-tls-ca", ca];

        var run = Raft3DApp.RunAsync(args, TextWriter.Null, TextWriter.Null);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(90)));
        stop.Cancel();
        peer.Stop();
        await closer.ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.Same(run, finished);
        var code = await run;
        var log = await File.ReadAllTextAsync(_folder.Combine("logs", "n1.log"));
        output.WriteLine($"exit code {code}; {accepted} connection(s) closed by the peer");
        Assert.Contains("TLS handshake failed", log);
        Assert.Equal(NodeExit.ActorSystemStopped, code);
        var lines = log.Split('\n').Where(l => l.Contains("exiting with code 5")).ToList();
        Assert.Single(lines);
        Assert.Contains("The actor system stopped by itself", lines[0]);
    }
}
