using System.Net;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;

namespace Raft3D.Server.Tests.Api;

/// <summary>SPEC §3 PATCH, DELETE, versions, ETag and If-Match against a real 3-node cluster.</summary>
[Collection(SharedCluster.Name)]
public sealed class FarmChangeApiTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static (string, string) IfMatch(string etag) => ("If-Match", etag);

    private async Task<(string Printer, string Filament)> PrinterAndFilamentAsync(TestNode node)
    {
        var printer = NewId("p");
        var filament = NewId("f");
        (await node.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        (await node.PostAsync("/api/v1/filaments", $$"""{"id":"{{filament}}","type":"PLA","color":"red","total_weight_in_grams":1000}""")).Is(HttpStatusCode.Created);
        return (printer, filament);
    }

    [Fact]
    public async Task Every_object_has_a_version_that_is_its_ETag_and_changes_with_it()
    {
        var node = Cluster.Nodes[0];
        var printer = NewId("p");
        var created = await node.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"Prusa","model":"MK4"}""");
        var version = created.Is(HttpStatusCode.Created).GetProperty("version").GetInt64();
        Assert.True(version > 0);
        Assert.Equal($"\"{version}\"", created.Header("ETag"));
        Assert.Equal(created.Header("X-Raft-Applied-Index"), version.ToString(System.Globalization.CultureInfo.InvariantCulture));

        foreach (var other in Cluster.Nodes)
        {
            var read = await other.GetAsync($"/api/v1/printers/{printer}");
            Assert.Equal(version, read.Is(HttpStatusCode.OK).GetProperty("version").GetInt64());
            Assert.Equal($"\"{version}\"", read.Header("ETag"));
        }

        var patched = await Cluster.Nodes[1].SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"model":"MK4S"}""", IfMatch($"\"{version}\""));
        var body = patched.Is(HttpStatusCode.OK);
        Assert.Equal(("Prusa", "MK4S"), (body.GetProperty("company").GetString(), body.GetProperty("model").GetString()));
        var next = body.GetProperty("version").GetInt64();
        Assert.True(next > version);
        Assert.Equal($"\"{next}\"", patched.Header("ETag"));
        var list = (await node.GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK);
        Assert.Equal(next, list.EnumerateArray().Single(p => p.GetProperty("id").GetString() == printer).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_changes_nothing()
    {
        var node = Cluster.Nodes[2];
        var (printer, filament) = await PrinterAndFilamentAsync(node);
        var first = (await node.GetAsync($"/api/v1/filaments/{filament}")).Header("ETag")!;
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"color":"blue"}""")).Is(HttpStatusCode.OK);

        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"color":"green"}""", IfMatch(first)))
            .IsProblem(HttpStatusCode.PreconditionFailed, "If-Match", "changed since you read it");
        (await node.SendAsync(HttpMethod.Delete, $"/api/v1/filaments/{filament}", null, IfMatch(first))).IsProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal("blue", (await node.GetAsync($"/api/v1/filaments/{filament}")).Is(HttpStatusCode.OK).GetProperty("color").GetString());

        var job = NewId("j");
        var created = await node.PostAsync("/api/v1/print_jobs", $$"""{"id":"{{job}}","printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a.gcode","print_weight_in_grams":10}""");
        var jobTag = created.Header("ETag")!;
        (await node.SendAsync(HttpMethod.Post, $"/api/v1/print_jobs/{job}/status?status=running", null, IfMatch("\"1\""))).IsProblem(HttpStatusCode.PreconditionFailed);
        (await node.SendAsync(HttpMethod.Post, $"/api/v1/print_jobs/{job}/status?status=running", null, IfMatch(jobTag))).Is(HttpStatusCode.OK);
        (await node.SendAsync(HttpMethod.Post, $"/api/v1/print_jobs/{job}/status?status=done", null, IfMatch(jobTag))).IsProblem(HttpStatusCode.PreconditionFailed);
        (await node.SendAsync(HttpMethod.Post, $"/api/v1/print_jobs/{job}/status?status=done", null, IfMatch("*"))).Is(HttpStatusCode.OK);

        foreach (var bad in new[] { "17", "W/\"17\"", "\"x\"", "\"1\", \"2\"", "\"-1\"" })
            (await node.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"model":"x"}""", IfMatch(bad))).IsProblem(HttpStatusCode.BadRequest, "If-Match");
    }

    [Fact]
    public async Task Two_conditional_patches_from_one_version_through_different_nodes_one_wins()
    {
        for (var round = 0; round < 5; round++)
        {
            var (printer, _) = await PrinterAndFilamentAsync(Cluster.Nodes[round % 3]);
            var etag = (await Cluster.Nodes[0].GetAsync($"/api/v1/printers/{printer}")).Header("ETag")!;

            var answers = await Task.WhenAll(
                Cluster.Nodes[1].SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"model":"from-node2"}""", IfMatch(etag)),
                Cluster.Nodes[2].SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"model":"from-node3"}""", IfMatch(etag)));

            var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            Assert.Single(answers, a => a.Status == HttpStatusCode.PreconditionFailed).IsProblem(HttpStatusCode.PreconditionFailed, "If-Match");
            var model = (await Cluster.Nodes[0].GetAsync($"/api/v1/printers/{printer}")).Is(HttpStatusCode.OK).GetProperty("model").GetString();
            Assert.Equal(winner.Json.GetProperty("model").GetString(), model);
        }
    }

    [Fact]
    public async Task A_re_weighed_spool_cannot_drop_below_its_reserved_weight()
    {
        var node = Cluster.Nodes[1];
        var (printer, filament) = await PrinterAndFilamentAsync(node);
        (await node.PostAsync("/api/v1/print_jobs", $$"""{"printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a.gcode","print_weight_in_grams":300}""")).Is(HttpStatusCode.Created);

        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"remaining_weight_in_grams":299}"""))
            .IsProblem(HttpStatusCode.Conflict, detailContains: "300 g reserved");
        var reweighed = (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"remaining_weight_in_grams":450,"color":"black"}""")).Is(HttpStatusCode.OK);
        Assert.Equal((450, 300, 150, "black"), (reweighed.GetProperty("remaining_weight_in_grams").GetInt32(), reweighed.GetProperty("reserved_weight_in_grams").GetInt32(),
            reweighed.GetProperty("available_weight_in_grams").GetInt32(), reweighed.GetProperty("color").GetString()));
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"remaining_weight_in_grams":1001}""")).IsProblem(HttpStatusCode.BadRequest, "remaining_weight_in_grams");
    }

    [Fact]
    public async Task Delete_is_204_and_409_while_queued_or_running_jobs_use_the_object_and_past_jobs_keep_its_id()
    {
        var node = Cluster.Nodes[0];
        var (printer, filament) = await PrinterAndFilamentAsync(node);
        var job = NewId("j");
        (await node.PostAsync("/api/v1/print_jobs", $$"""{"id":"{{job}}","printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a.gcode","print_weight_in_grams":10}""")).Is(HttpStatusCode.Created);

        (await Cluster.Nodes[1].DeleteAsync($"/api/v1/printers/{printer}")).IsProblem(HttpStatusCode.Conflict, detailContains: "1 queued or running");
        (await Cluster.Nodes[1].DeleteAsync($"/api/v1/filaments/{filament}")).IsProblem(HttpStatusCode.Conflict, detailContains: "1 queued or running");
        (await node.PostAsync($"/api/v1/print_jobs/{job}/status?status=canceled", null)).Is(HttpStatusCode.OK);

        var deleted = await Cluster.Nodes[1].DeleteAsync($"/api/v1/printers/{printer}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal("", deleted.Body);
        Assert.Equal(HttpStatusCode.NoContent, (await Cluster.Nodes[2].DeleteAsync($"/api/v1/filaments/{filament}")).Status);

        foreach (var other in Cluster.Nodes)
        {
            (await other.GetAsync($"/api/v1/printers/{printer}")).IsProblem(HttpStatusCode.NotFound);
            (await other.GetAsync($"/api/v1/filaments/{filament}")).IsProblem(HttpStatusCode.NotFound);
            var kept = (await other.GetAsync($"/api/v1/print_jobs/{job}")).Is(HttpStatusCode.OK);
            Assert.Equal((printer, filament), (kept.GetProperty("printer_id").GetString(), kept.GetProperty("filament_id").GetString()));
        }
        Assert.Single((await node.GetAsync($"/api/v1/print_jobs?printer_id={printer}")).Is(HttpStatusCode.OK).EnumerateArray());
        (await node.DeleteAsync($"/api/v1/printers/{printer}")).IsProblem(HttpStatusCode.NotFound, detailContains: printer);
    }

    [Fact]
    public async Task Patch_refuses_unknown_fields_wrong_types_nulls_and_unknown_objects()
    {
        var node = Cluster.Nodes[2];
        var (printer, filament) = await PrinterAndFilamentAsync(node);
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"id":"other"}""")).IsProblem(HttpStatusCode.BadRequest, "id", "cannot be changed");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"colour":"red"}""")).IsProblem(HttpStatusCode.BadRequest, "colour");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"company":7}""")).IsProblem(HttpStatusCode.BadRequest, "company");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", """{"company":null}""")).IsProblem(HttpStatusCode.BadRequest, "company", "cannot be null");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", "{}")).IsProblem(HttpStatusCode.BadRequest, "company");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/printers/{printer}", "")).IsProblem(HttpStatusCode.BadRequest);
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"type":"ABS"}""")).IsProblem(HttpStatusCode.BadRequest, "type");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"total_weight_in_grams":5}""")).IsProblem(HttpStatusCode.BadRequest, "total_weight_in_grams");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"remaining_weight_in_grams":"5"}""")).IsProblem(HttpStatusCode.BadRequest, "remaining_weight_in_grams");
        (await node.SendAsync(HttpMethod.Patch, $"/api/v1/filaments/{filament}", """{"remaining_weight_in_grams":1e3}""")).IsProblem(HttpStatusCode.BadRequest, "remaining_weight_in_grams");
        (await node.SendAsync(HttpMethod.Patch, "/api/v1/printers/nope", """{"model":"x"}""")).IsProblem(HttpStatusCode.NotFound, detailContains: "nope");
        (await node.SendAsync(HttpMethod.Patch, "/api/v1/filaments/nope", """{"color":"x"}""")).IsProblem(HttpStatusCode.NotFound, detailContains: "nope");
        (await node.DeleteAsync("/api/v1/filaments/nope")).IsProblem(HttpStatusCode.NotFound, detailContains: "nope");
    }

    [Fact]
    public async Task Patch_delete_If_Match_paging_and_their_headers_are_documented()
    {
        var document = (await Cluster.Nodes[0].GetAsync("/openapi/v1.json")).Is(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[] { ("/api/v1/printers/{id}", "patch"), ("/api/v1/printers/{id}", "delete"), ("/api/v1/filaments/{id}", "patch"), ("/api/v1/filaments/{id}", "delete"), ("/api/v1/print_jobs/{id}/status", "post") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header");
            Assert.True(operation.GetProperty("responses").TryGetProperty("412", out _), $"{method} {path} does not document 412");
        }
        Assert.True(paths.GetProperty("/api/v1/printers/{id}").GetProperty("patch").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(paths.GetProperty("/api/v1/printers/{id}").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
        foreach (var list in new[] { "/api/v1/printers", "/api/v1/filaments", "/api/v1/print_jobs" })
        {
            var get = paths.GetProperty(list).GetProperty("get");
            Assert.Equal(["after", "limit"], get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Where(n => n is "limit" or "after").Order());
            var headers = get.GetProperty("responses").GetProperty("200").GetProperty("headers");
            Assert.True(headers.TryGetProperty("X-Total-Count", out _) && headers.TryGetProperty("Link", out _), list);
        }
    }

    [Fact]
    public async Task Filters_consistency_and_Idempotency_Key_are_documented()
    {
        var document = (await Cluster.Nodes[0].GetAsync("/openapi/v1.json")).Is(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        static string[] Parameters(JsonElement operation, string location) =>
            !operation.TryGetProperty("parameters", out var parameters) ? [] : parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location)
                .Select(p => p.GetProperty("name").GetString()!).ToArray();

        var listJobs = paths.GetProperty("/api/v1/print_jobs").GetProperty("get");
        Assert.Subset(Parameters(listJobs, "query").ToHashSet(), new HashSet<string> { "status", "printer_id", "filament_id", "consistency" });
        Assert.Contains("status", Parameters(paths.GetProperty("/api/v1/print_jobs/{id}/status").GetProperty("post"), "query"));
        // The event stream is not a read of the state (it has its own ?since=), so it is not in the group.
        foreach (var path in paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal) && p.Name != "/api/v1/events"))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var (location, name) = operation.Name == "get" ? ("query", "consistency") : ("header", "Idempotency-Key");
                Assert.True(Parameters(operation.Value, location).Contains(name), $"{operation.Name} {path.Name} does not document {name}");
            }
        }
    }
}
