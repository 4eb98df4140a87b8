using System.Net;
using System.Net.Sockets;
using System.Text;
using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.History;
using Raft3D.Chaos.Workload;

namespace Raft3D.Chaos.Tests;

/// <summary>
/// How a request's fate is classified decides what the checker may assume: "refused" must mean
/// never delivered. A write therefore never rides a reused connection (a reused connection
/// that dies makes .NET resend the request silently, so the first copy may have been applied).
/// </summary>
public sealed class NodeClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Accepts one connection, reads one request head, answers with the given text (or closes) and returns the request head.</summary>
    private static async Task<string> ServeOnceAsync(TcpListener listener, string? response)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        if (response is not null) await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return text.ToString();
    }

    [Fact]
    public async Task A_write_asks_for_a_fresh_connection_and_a_read_may_reuse_one()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new NodeClient(new Uri($"http://127.0.0.1:{port}"));
            const string answer = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\nX-Raft-Applied-Index: 7\r\nConnection: close\r\n\r\n{}";
            var served = ServeOnceAsync(listener, answer);
            var result = await client.SendAsync(HttpMethod.Post, "/api/v1/printers", "{}", "key-1", Timeout, CancellationToken.None);
            var head = await served;
            Assert.Equal(Delivery.Answered, result.Delivery);
            Assert.Equal(7, result.AppliedIndex);
            Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Idempotency-Key: key-1", head, StringComparison.OrdinalIgnoreCase);

            served = ServeOnceAsync(listener, answer.Replace("201 Created", "200 OK"));
            await client.SendAsync(HttpMethod.Get, "/api/v1/printers", null, null, Timeout, CancellationToken.None);
            Assert.DoesNotContain("Connection: close", await served, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_write_after_a_read_does_not_ride_the_read_s_idle_connection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new NodeClient(new Uri($"http://127.0.0.1:{port}"));
            var server = Task.Run(async () =>
            {
                using var readConnection = await listener.AcceptTcpClientAsync();
                var stream = readConnection.GetStream();
                await ReadHeadAsync(stream);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]"u8.ToArray()); // kept alive, idle in the pool
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var writeConnection = await listener.AcceptTcpClientAsync(cts.Token); // the write must come on a new one
                var writeStream = writeConnection.GetStream();
                var head = await ReadHeadTextAsync(writeStream);
                await writeStream.WriteAsync("HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"u8.ToArray());
                return head;
            });
            await client.SendAsync(HttpMethod.Get, "/api/v1/printers", null, null, Timeout, CancellationToken.None);
            var write = await client.SendAsync(HttpMethod.Post, "/api/v1/printers", "{}", null, Timeout, CancellationToken.None);
            Assert.Equal(Delivery.Answered, write.Delivery);
            Assert.StartsWith("POST /api/v1/printers", await server);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<string> ReadHeadTextAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    /// <summary>Accepts a connection, reads a request head, closes the connection without answering; then stops listening.</summary>
    private static async Task<string> TakeRequestAndDieAsync(TcpListener listener)
    {
        using (var connection = await listener.AcceptTcpClientAsync())
        {
            var head = await ReadHeadTextAsync(connection.GetStream());
            listener.Stop(); // the node is gone: a resend is refused
            return head;
        }
    }

    [Fact]
    public async Task Why_refused_needs_care_dotnet_resends_a_bodyless_request_whose_connection_closed_before_the_answer()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var server = TakeRequestAndDieAsync(listener);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => plain.PostAsync("/api/v1/print_jobs/j/status?status=done", content: null));
        Assert.StartsWith("POST /api/v1/print_jobs/j/status", await server); // delivered...
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError); // ...yet reported as a failed connection
    }

    [Fact]
    public async Task A_write_that_reached_the_node_is_never_reported_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new NodeClient(new Uri($"http://127.0.0.1:{port}"));
        // Even a body-less write (which .NET resends): the connection it made counts.
        var server = TakeRequestAndDieAsync(listener);
        var answer = await client.SendAsync(HttpMethod.Post, "/api/v1/print_jobs/j/status?status=done", null, null, Timeout, CancellationToken.None);
        await server;
        Assert.Equal(Delivery.Broken, answer.Delivery);
    }

    [Fact]
    public void Every_write_carries_a_body()
    {
        foreach (var kind in new[] { OpKind.CreatePrinter, OpKind.CreateFilament, OpKind.CreateJob, OpKind.SetJobStatus })
        {
            var (method, _, body) = OperationExecutor.Request(new Operation { Kind = kind, PrinterId = "p", FilamentId = "f", JobId = "j", Target = "done", Weight = 1, Company = "c" });
            Assert.Equal(HttpMethod.Post, method);
            Assert.False(string.IsNullOrEmpty(body), $"{kind} has no body");
        }
    }

    private static async Task ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0) return;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
    }

    [Fact]
    public async Task A_refused_connection_is_a_fail_and_a_connection_dropped_after_sending_is_info()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new NodeClient(new Uri($"http://127.0.0.1:{port}"));
        try
        {
            var served = ServeOnceAsync(listener, response: null); // reads the request, then hangs up
            var dropped = await client.SendAsync(HttpMethod.Post, "/api/v1/printers", "{}", null, Timeout, CancellationToken.None);
            await served;
            Assert.Equal(Delivery.Broken, dropped.Delivery);
            Assert.Equal(OpType.Info, OperationExecutor.Interpret(new Operation { Kind = OpKind.CreatePrinter }, dropped));
        }
        finally
        {
            listener.Stop();
        }

        var refused = await client.SendAsync(HttpMethod.Post, "/api/v1/printers", "{}", null, Timeout, CancellationToken.None);
        Assert.Equal(Delivery.Refused, refused.Delivery);
        Assert.Equal(OpType.Fail, OperationExecutor.Interpret(new Operation { Kind = OpKind.CreatePrinter }, refused));
    }

    [Fact]
    public void Answers_are_classified_as_the_contract_says()
    {
        static HttpAnswer Problem(int status, string title, string detail) => new(Delivery.Answered, status, null, title, detail, false, 3, null);
        var unknown = new Operation { Kind = OpKind.CreateJob };
        Assert.Equal(OpType.Info, OperationExecutor.Interpret(unknown, Problem(503, "Outcome unknown", "may or may not")));
        Assert.Equal(OpType.Fail, OperationExecutor.Interpret(new Operation { Kind = OpKind.CreateJob }, Problem(503, "No leader", "nothing was applied")));
        var insufficient = new Operation { Kind = OpKind.CreateJob };
        Assert.Equal(OpType.Ok, OperationExecutor.Interpret(insufficient,
            Problem(409, "Conflict", "filament 'f' has 120 g available (500 g remaining, 380 g reserved by queued and running jobs); the job needs 300 g")));
        Assert.Equal(("insufficient", 120), (insufficient.Error, insufficient.Available));
        var transition = new Operation { Kind = OpKind.SetJobStatus };
        OperationExecutor.Interpret(transition, Problem(409, "Conflict", "print job 'j' is Done; it cannot become Running (allowed: ...)"));
        Assert.Equal(("transition", "Done"), (transition.Error, transition.CurrentStatus));
        var bad = new Operation { Kind = OpKind.CreatePrinter };
        Assert.Equal(OpType.Info, OperationExecutor.Interpret(bad, Problem(500, "Internal error", "boom")));
        Assert.Equal("unexpected", bad.Error);
    }

    [Fact]
    public void Durations_parse_as_the_command_line_documents()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), ChaosOptions.Duration("1h30m"));
        Assert.Equal(TimeSpan.FromSeconds(45), ChaosOptions.Duration("45s"));
        Assert.Equal(TimeSpan.FromSeconds(90), ChaosOptions.Duration("90"));
        Assert.Throws<ArgumentException>(() => ChaosOptions.Duration("ten minutes"));
        var options = ChaosOptions.Parse(["--time", "10m", "--seed", "7", "--nodes", "5", "--nemesis", "kill,pause"]);
        Assert.Equal((600.0, 7, 5, 2), (options.Time.TotalSeconds, options.Seed, options.Nodes, options.Nemesis.Count));
        Assert.NotNull(ServerLocatorProbe());
    }

    private static string? ServerLocatorProbe()
    {
        try
        {
            return ServerLocator.Find();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
