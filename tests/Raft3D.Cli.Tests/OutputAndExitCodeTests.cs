namespace Raft3D.Cli.Tests;

public sealed class OutputAndExitCodeTests
{
    private const string Status = """
        {"node_id":"n2","state":"Follower","term":3,"is_leader":false,
         "leader":{"id":"n1","raft_address":"127.0.0.1:7000","http_address":"n1:8080"},
         "commit_index":40,"applied_index":40,"last_log_index":42,"snapshot_index":0,
         "members":[
           {"id":"n1","raft_address":"127.0.0.1:7000","http_address":"n1:8080","voter":true,"match_index":42,"last_contact":null,"healthy":true},
           {"id":"n2","raft_address":"127.0.0.1:7001","http_address":"n2:8080","voter":true,"match_index":40,"last_contact":null,"healthy":true},
           {"id":"n4","raft_address":"127.0.0.1:7003","http_address":"n4:8080","voter":false,"match_index":12,"last_contact":null,"healthy":false}]}
        """;

    [Fact]
    public async Task Cluster_show_asks_the_leader_and_prints_a_table_with_lag()
    {
        var nodes = new FakeNodes();
        nodes.Answers["n2:8080 GET /cluster/status"] = (200, Status.Replace("\"members\"", "\"members_of_follower\""));
        nodes.Answers["n1:8080 GET /cluster/status"] = (200, Status);
        var (exit, output, _) = await nodes.RunAsync("--node", "n2:8080", "cluster", "show");

        Assert.Equal(0, exit);
        Assert.Equal(["n2:8080", "n1:8080"], nodes.Requests.Select(r => r.Node));
        var n4 = output.Split('\n').Single(l => l.StartsWith("n4"));
        Assert.Matches(@"^n4\s+learner\s+learner\s+127\.0\.0\.1:7003\s+n4:8080\s+12\s+30\s+-\s+no$", n4.TrimEnd());
        Assert.Matches(@"^n1\s+leader\s+voter", output.Split('\n').Single(l => l.StartsWith("n1")));
    }

    [Fact]
    public async Task Json_prints_what_the_server_sent()
    {
        var nodes = new FakeNodes();
        nodes.Answers["n1:8080 GET /api/v1/printers"] = (200, """[{"id":"p1","company":"Prusa","model":"MK4"}]""");
        var (exit, output, _) = await nodes.RunAsync("--node", "n1:8080", "--json", "printers", "list");
        Assert.Equal(0, exit);
        Assert.Equal("""[{"id":"p1","company":"Prusa","model":"MK4"}]""", output.Trim());

        var (_, table, _) = await nodes.RunAsync("--node", "n1:8080", "printers", "list");
        Assert.Matches(@"id\s+company\s+model", table);
        Assert.Matches(@"p1\s+Prusa\s+MK4", table);
    }

    [Theory]
    [InlineData(409, "Conflict", "filament f1 has 300 g available")]
    [InlineData(503, "No leader", "retry shortly")]
    [InlineData(404, "Not found", "print job 'j9' does not exist")]
    public async Task A_refusal_exits_1_with_the_problem_on_stderr(int status, string title, string detail)
    {
        var nodes = new FakeNodes();
        nodes.Answers["n1:8080 POST /api/v1/print_jobs/j9/status"] = (status, $$"""{"status":{{status}},"title":"{{title}}","detail":"{{detail}}"}""");
        var (exit, output, error) = await nodes.RunAsync("--node", "n1:8080", "jobs", "start", "j9");
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal($"error: {status} {title}: {detail}", error.Trim());
    }

    [Theory]
    [InlineData()]
    [InlineData("fly")]
    [InlineData("cluster")]
    [InlineData("cluster", "explode")]
    [InlineData("printers", "add", "--company", "Prusa")]
    [InlineData("filaments", "add", "--type", "PLA", "--color", "red", "--total", "lots")]
    [InlineData("printers", "list", "--colour", "red")]
    [InlineData("jobs", "start")]
    [InlineData("jobs", "start", "j1", "j2")]
    [InlineData("cluster", "status", "--to")]
    public async Task Bad_usage_exits_2_and_prints_usage(params string[] args)
    {
        var nodes = new FakeNodes();
        var (exit, _, error) = await nodes.RunAsync(["--node", "n1:8080", .. args]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains("usage: raft3d", error);
        Assert.Empty(nodes.Requests);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        var (exit, output, _) = await new FakeNodes().RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("cluster show", output);
    }

    [Fact]
    public async Task An_unreachable_node_is_skipped_for_the_next()
    {
        var nodes = new FakeNodes { Down = { "n1:8080" } };
        var (exit, _, _) = await nodes.RunAsync("--node", "n1:8080,n2:8080", "printers", "list");
        Assert.Equal(0, exit);
        Assert.Equal("n2:8080", Assert.Single(nodes.Requests).Node);
    }

    [Fact]
    public async Task No_reachable_node_exits_3()
    {
        var nodes = new FakeNodes { Down = { "n1:8080", "n2:8080" } };
        var (exit, _, error) = await nodes.RunAsync("--node", "n1:8080", "--node", "n2:8080", "cluster", "status");
        Assert.Equal(3, exit);
        Assert.Contains("no node answered", error);
        Assert.Contains("n2:8080", error);
    }

    [Fact]
    public async Task Cluster_leader_without_a_leader_exits_1()
    {
        var nodes = new FakeNodes();
        nodes.Answers["n1:8080 GET /cluster/status"] = (200, """{"node_id":"n1","state":"Candidate","leader":null,"members":[]}""");
        var (exit, _, error) = await nodes.RunAsync("--node", "n1:8080", "cluster", "leader");
        Assert.Equal(1, exit);
        Assert.Contains("no leader", error);
    }
}
