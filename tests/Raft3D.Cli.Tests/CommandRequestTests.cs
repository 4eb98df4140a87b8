namespace Raft3D.Cli.Tests;

public sealed class CommandRequestTests
{
    private const string Node = "--node=n1:8080";

    [Theory]
    [InlineData("GET", "/cluster/status", "cluster", "status")]
    [InlineData("POST", "/cluster/snapshot", "cluster", "snapshot")]
    [InlineData("POST", "/cluster/leadership", "cluster", "transfer-leadership")]
    [InlineData("POST", "/cluster/leadership?to=n2", "cluster", "transfer-leadership", "--to", "n2")]
    [InlineData("DELETE", "/cluster/servers?id=n3", "cluster", "remove", "n3")]
    [InlineData("GET", "/cluster/settings", "cluster", "settings")]
    [InlineData("GET", "/api/v1/printers", "printers", "list")]
    [InlineData("GET", "/api/v1/filaments?consistency=local", "filaments", "list", "--consistency", "local")]
    [InlineData("GET", "/api/v1/print_jobs?status=queued&printer_id=p1&filament_id=f1", "jobs", "list", "--status", "queued", "--printer-id", "p1", "--filament-id", "f1")]
    [InlineData("GET", "/api/v1/print_jobs?limit=50&after=j7&status=done", "jobs", "list", "--status", "done", "--limit", "50", "--after", "j7")]
    [InlineData("GET", "/api/v1/printers?limit=2", "printers", "list", "--limit", "2")]
    [InlineData("POST", "/api/v1/print_jobs/j1/status?status=running", "jobs", "start", "j1")]
    [InlineData("POST", "/api/v1/print_jobs/j1/status?status=done", "jobs", "done", "j1")]
    [InlineData("POST", "/api/v1/print_jobs/j1/status?status=canceled", "jobs", "cancel", "j1")]
    public async Task Each_command_sends_the_right_request(string method, string pathAndQuery, params string[] args)
    {
        var nodes = new FakeNodes();
        var (exit, _, err) = await nodes.RunAsync([Node, .. args]);
        Assert.Equal(0, exit);
        Assert.Empty(err);
        var request = Assert.Single(nodes.Requests);
        Assert.Equal(method, request.Method.Method);
        Assert.Equal(pathAndQuery, request.PathAndQuery);
    }

    /// <summary>
    /// A node may apply a write and die before it answers; the next node then gets the same
    /// request with the same Idempotency-Key, so it answers the first result instead of applying
    /// it again (found reading the CLI while diagnosing a chaos run).
    /// </summary>
    [Theory]
    [InlineData("printers", "add", "--company", "Prusa", "--model", "MK4")]
    [InlineData("jobs", "start", "j1")]
    public async Task A_write_that_fails_over_to_the_next_node_carries_the_same_idempotency_key(params string[] command)
    {
        var nodes = new FakeNodes();
        nodes.DieAfterReceiving.Add("10.0.0.1:8080");

        var result = await nodes.RunAsync(["--node", "10.0.0.1:8080,10.0.0.2:8080", .. command]);

        Assert.Equal(0, result.Exit);
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], nodes.Requests.Select(r => r.Node));
        Assert.False(string.IsNullOrEmpty(nodes.Requests[0].IdempotencyKey));
        Assert.Equal(nodes.Requests[0].IdempotencyKey, nodes.Requests[1].IdempotencyKey);
    }

    [Fact]
    public async Task Adds_send_snake_case_bodies_and_the_idempotency_key()
    {
        var nodes = new FakeNodes();
        Assert.Equal(0, (await nodes.RunAsync(Node, "printers", "add", "--company", "Prusa", "--model", "MK4", "--id", "p1", "--idempotency-key", "k1")).Exit);
        Assert.Equal(0, (await nodes.RunAsync(Node, "filaments", "add", "--type", "PLA", "--color", "red", "--total", "1000")).Exit);
        Assert.Equal(0, (await nodes.RunAsync(Node, "jobs", "add", "--printer-id", "p1", "--filament-id", "f1", "--filepath", "a.gcode", "--weight", "120")).Exit);
        Assert.Equal(0, (await nodes.RunAsync(Node, "cluster", "join", "n4", "127.0.0.1:7003", "127.0.0.1:8083")).Exit);

        Assert.Equal("""{"company":"Prusa","model":"MK4","id":"p1"}""", nodes.Requests[0].Body);
        Assert.Equal("k1", nodes.Requests[0].IdempotencyKey);
        Assert.Equal("""{"type":"PLA","color":"red","total_weight_in_grams":1000}""", nodes.Requests[1].Body);
        Assert.Equal("""{"printer_id":"p1","filament_id":"f1","filepath":"a.gcode","print_weight_in_grams":120}""", nodes.Requests[2].Body);
        Assert.Equal(("/join", """{"node_id":"n4","addr":"127.0.0.1:7003","http_addr":"127.0.0.1:8083"}"""), (nodes.Requests[3].PathAndQuery, nodes.Requests[3].Body));
    }
}
