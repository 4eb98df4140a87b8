using System.Net;
using System.Text.RegularExpressions;
using Raft3D.Server.Tests.Harness;

namespace Raft3D.Server.Tests.Api;

/// <summary>SPEC §3 lists: ?limit=, ?after=, X-Total-Count and Link rel="next", against a real 3-node cluster.</summary>
[Collection(SharedCluster.Name)]
public sealed partial class ListPagingApiTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [GeneratedRegex("^<(?<uri>[^>]+)>; rel=\"next\"$")]
    private static partial Regex NextLink();

    [Fact]
    public async Task A_filtered_list_pages_by_its_Link_header_through_every_match_in_creation_order()
    {
        var node = Cluster.Nodes[1];
        var printer = NewId("p");
        var filament = NewId("f");
        (await node.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        (await node.PostAsync("/api/v1/filaments", $$"""{"id":"{{filament}}","type":"PLA","color":"red","total_weight_in_grams":1000}""")).Is(HttpStatusCode.Created);
        var jobs = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            jobs.Add(NewId("j"));
            (await node.PostAsync("/api/v1/print_jobs", $$"""{"id":"{{jobs[^1]}}","printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a.gcode","print_weight_in_grams":1}"""))
                .Is(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        var uri = $"/api/v1/print_jobs?filament_id={filament}&limit=3&consistency=local";
        var pages = 0;
        while (true)
        {
            // Every page from another node: a page's cursor is an id, the same on every node.
            var page = await Cluster.Nodes[pages++ % 3].GetAsync(uri.Replace("consistency=local", "consistency=linearizable", StringComparison.Ordinal));
            var items = page.Is(HttpStatusCode.OK);
            Assert.Equal("7", page.Header("X-Total-Count"));
            seen.AddRange(items.EnumerateArray().Select(j => j.GetProperty("id").GetString()!));
            if (page.Header("Link") is not { } link) break;
            uri = NextLink().Match(link).Groups["uri"].Value;
            Assert.StartsWith($"/api/v1/print_jobs?limit=3&after={seen[^1]}&filament_id={filament}", uri);
        }
        Assert.Equal(jobs, seen);
        Assert.Equal(3, pages);

        var running = await node.GetAsync($"/api/v1/print_jobs?filament_id={filament}&status=running&limit=2");
        Assert.Empty(running.Is(HttpStatusCode.OK).EnumerateArray());
        Assert.Equal(("0", null), (running.Header("X-Total-Count"), running.Header("Link")));
    }

    [Fact]
    public async Task Bad_limits_and_unknown_cursors_are_400_naming_the_parameter()
    {
        var node = Cluster.Nodes[2];
        foreach (var limit in new[] { "0", "1001", "-1", "abc", "", "1.5", "99999999999" })
            (await node.GetAsync($"/api/v1/printers?limit={limit}")).IsProblem(HttpStatusCode.BadRequest, "limit");
        (await node.GetAsync("/api/v1/printers?limit=2&limit=3")).IsProblem(HttpStatusCode.BadRequest, "limit");
        (await node.GetAsync("/api/v1/filaments?after=" + NewId("nope"))).IsProblem(HttpStatusCode.BadRequest, "after", "list again without after");
        (await node.GetAsync("/api/v1/print_jobs?after=")).IsProblem(HttpStatusCode.BadRequest, "after");
        var full = await node.GetAsync("/api/v1/printers?limit=1000");
        Assert.Equal(full.Json.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture), full.Header("X-Total-Count"));
    }
}
