using System.Net;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Api;

/// <summary>SPEC §3 against a real 3-node cluster: objects, rules, errors, consistency, idempotency.</summary>
[Collection(SharedCluster.Name)]
public sealed class FarmApiTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private async Task<(string Printer, string Filament)> PrinterAndFilamentAsync(TestNode node, int grams = 1000)
    {
        var printer = NewId("p");
        var filament = NewId("f");
        (await node.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
        (await node.PostAsync("/api/v1/filaments", $$"""{"id":"{{filament}}","type":"PLA","color":"red","total_weight_in_grams":{{grams}}}""")).Is(HttpStatusCode.Created);
        return (printer, filament);
    }

    [Fact]
    public async Task Objects_are_created_through_a_follower_and_read_on_every_node()
    {
        var follower = await Cluster.FollowerAsync();
        var printer = NewId("p");

        var created = await follower.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":" Prusa ","model":"MK4"}""");

        var body = created.Is(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/printers/{printer}", created.Header("Location"));
        Assert.Equal(printer, body.GetProperty("id").GetString());
        Assert.Equal("Prusa", body.GetProperty("company").GetString());
        foreach (var node in Cluster.Nodes)
        {
            var read = (await node.GetAsync($"/api/v1/printers/{printer}")).Is(HttpStatusCode.OK);
            Assert.Equal("MK4", read.GetProperty("model").GetString());
            var list = (await node.GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK);
            Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetString() == printer);
        }
    }

    [Fact]
    public async Task A_write_answered_through_a_follower_is_in_that_followers_local_reads()
    {
        // Local reads may be stale in general (SPEC §3), but not behind the client's own write on
        // the node that answered it: the leader tells that follower of the commit before the answer.
        var follower = await Cluster.FollowerAsync();
        for (var i = 0; i < 10; i++)
        {
            var printer = NewId("p");
            (await follower.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);
            (await follower.GetAsync($"/api/v1/printers/{printer}?consistency=local")).Is(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_filament_reports_reserved_and_available_weight_and_done_uses_it_up()
    {
        var node = Cluster.Nodes[0];
        var (printer, filament) = await PrinterAndFilamentAsync(node);
        var created = (await node.GetAsync($"/api/v1/filaments/{filament}")).Is(HttpStatusCode.OK);
        Assert.Equal("PLA", created.GetProperty("type").GetString());
        Assert.Equal(1000, created.GetProperty("remaining_weight_in_grams").GetInt32());

        var job = NewId("j");
        var jobBody = (await node.PostAsync("/api/v1/print_jobs",
            $$"""{"id":"{{job}}","printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"benchy.gcode","print_weight_in_grams":250,"status":"queued"}"""))
            .Is(HttpStatusCode.Created);
        Assert.Equal("Queued", jobBody.GetProperty("status").GetString());

        var reserved = (await Cluster.Nodes[1].GetAsync($"/api/v1/filaments/{filament}")).Is(HttpStatusCode.OK);
        Assert.Equal(250, reserved.GetProperty("reserved_weight_in_grams").GetInt32());
        Assert.Equal(750, reserved.GetProperty("available_weight_in_grams").GetInt32());

        Assert.Equal("Running", (await node.PostAsync($"/api/v1/print_jobs/{job}/status?status=running", null)).Is(HttpStatusCode.OK).GetProperty("status").GetString());
        Assert.Equal("Done", (await Cluster.Nodes[2].PostAsync($"/api/v1/print_jobs/{job}/status", """{"status":"DONE"}""")).Is(HttpStatusCode.OK).GetProperty("status").GetString());

        var used = (await node.GetAsync($"/api/v1/filaments/{filament}")).Is(HttpStatusCode.OK);
        Assert.Equal(750, used.GetProperty("remaining_weight_in_grams").GetInt32());
        Assert.Equal(0, used.GetProperty("reserved_weight_in_grams").GetInt32());
    }

    [Fact]
    public async Task Print_jobs_list_in_creation_order_and_filter()
    {
        var node = Cluster.Nodes[1];
        var (printer, filament) = await PrinterAndFilamentAsync(node);
        var (otherPrinter, _) = await PrinterAndFilamentAsync(node);
        var jobs = new List<string>();
        foreach (var p in new[] { printer, otherPrinter, printer })
        {
            var job = NewId("j");
            jobs.Add(job);
            (await node.PostAsync("/api/v1/print_jobs",
                $$"""{"id":"{{job}}","printer_id":"{{p}}","filament_id":"{{filament}}","filepath":"a.gcode","print_weight_in_grams":10}""")).Is(HttpStatusCode.Created);
        }
        (await node.PostAsync($"/api/v1/print_jobs/{jobs[2]}/status?status=cancelled", null)).Is(HttpStatusCode.OK);

        var all = (await node.GetAsync($"/api/v1/print_jobs?filament_id={filament}")).Is(HttpStatusCode.OK);
        Assert.Equal(jobs, all.EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        var byPrinter = (await node.GetAsync($"/api/v1/print_jobs?printer_id={printer}")).Is(HttpStatusCode.OK);
        Assert.Equal([jobs[0], jobs[2]], byPrinter.EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        var canceled = (await node.GetAsync($"/api/v1/print_jobs?filament_id={filament}&status=Canceled")).Is(HttpStatusCode.OK);
        Assert.Equal([jobs[2]], canceled.EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        var queued = (await node.GetAsync($"/api/v1/print_jobs?filament_id={filament}&printer_id={printer}&status=queued")).Is(HttpStatusCode.OK);
        Assert.Equal([jobs[0]], queued.EnumerateArray().Select(j => j.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Integer_ids_are_stored_as_decimal_strings_and_missing_ids_are_generated()
    {
        var node = Cluster.Nodes[2];
        var number = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);

        var created = (await node.PostAsync("/api/v1/printers", $$"""{"id":{{number}},"company":"Bambu","model":"X1"}""")).Is(HttpStatusCode.Created);
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), created.GetProperty("id").GetString());
        (await node.GetAsync($"/api/v1/printers/{number}")).Is(HttpStatusCode.OK);

        var generated = await node.PostAsync("/api/v1/filaments", """{"type":"petg","color":"blue","total_weight_in_grams":500,"remaining_weight_in_grams":200}""");
        var body = generated.Is(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetString()!;
        Assert.Matches("^[A-Za-z0-9._-]{1,128}$", id);
        Assert.Equal($"/api/v1/filaments/{id}", generated.Header("Location"));
        Assert.Equal("PETG", body.GetProperty("type").GetString());
        Assert.Equal(200, body.GetProperty("remaining_weight_in_grams").GetInt32());
    }

    [Fact]
    public async Task A_linearizable_read_on_a_follower_sees_a_write_acknowledged_by_the_leader()
    {
        var leader = await Cluster.LeaderAsync();
        var followers = Cluster.Nodes.Where(n => n != leader).ToList();
        for (var i = 0; i < 10; i++)
        {
            var printer = NewId("p");
            (await leader.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"Prusa","model":"MK{{i}}"}""")).Is(HttpStatusCode.Created);

            var read = await followers[i % 2].GetAsync($"/api/v1/printers/{printer}");

            Assert.Equal($"MK{i}", read.Is(HttpStatusCode.OK).GetProperty("model").GetString());
        }
    }

    [Fact]
    public async Task Local_reads_serve_the_nodes_own_state()
    {
        var leader = await Cluster.LeaderAsync();
        var follower = Cluster.Nodes.First(n => n != leader);
        var printer = NewId("p");
        (await follower.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"Prusa","model":"MK4"}""")).Is(HttpStatusCode.Created);

        // The leader applied the write before it answered; a follower applies it a moment later.
        var onLeader = await leader.GetAsync($"/api/v1/printers/{printer}?consistency=local");
        onLeader.Is(HttpStatusCode.OK);
        Assert.NotNull(onLeader.Header("X-Raft-Applied-Index"));
        await Eventually.True(async () => (await follower.GetAsync($"/api/v1/printers/{printer}?consistency=local")).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(5), "the follower to apply the write");
        (await follower.GetAsync("/api/v1/printers?consistency=eventual")).IsProblem(HttpStatusCode.BadRequest, "consistency");
    }

    [Fact]
    public async Task Twenty_concurrent_100g_jobs_on_a_1000g_filament_create_exactly_ten()
    {
        var (printer, filament) = await PrinterAndFilamentAsync(Cluster.Nodes[0]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Cluster.Nodes[i % 3].PostAsync("/api/v1/print_jobs",
            $$"""{"printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"part{{i}}.gcode","print_weight_in_grams":100}""")));

        Assert.Equal(10, answers.Count(a => a.Status == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.Status != HttpStatusCode.Created))
            refused.IsProblem(HttpStatusCode.Conflict, detailContains: "0 g available");
        var state = (await Cluster.Nodes[1].GetAsync($"/api/v1/filaments/{filament}")).Is(HttpStatusCode.OK);
        Assert.Equal(1000, state.GetProperty("reserved_weight_in_grams").GetInt32());
        Assert.Equal(0, state.GetProperty("available_weight_in_grams").GetInt32());
        var jobs = (await Cluster.Nodes[2].GetAsync($"/api/v1/print_jobs?filament_id={filament}")).Is(HttpStatusCode.OK);
        Assert.Equal(10, jobs.GetArrayLength());
    }

    [Fact]
    public async Task A_retry_with_the_same_key_to_any_node_gets_the_first_answer_and_applies_once()
    {
        var key = Guid.NewGuid().ToString();
        var model = NewId("model");
        var json = $$"""{"company":"Prusa","model":"{{model}}"}""";

        var first = await Cluster.Nodes[0].PostAsync("/api/v1/printers", json, key);
        var sameNode = await Cluster.Nodes[0].PostAsync("/api/v1/printers", json, key);
        var otherNode = await Cluster.Nodes[2].PostAsync("/api/v1/printers", " { \"model\" : \"" + model + "\", \"company\": \"Prusa\" } ", key);

        first.Is(HttpStatusCode.Created);
        Assert.Null(first.Header("Idempotent-Replayed"));
        foreach (var retry in new[] { sameNode, otherNode })
        {
            Assert.Equal(HttpStatusCode.Created, retry.Status);
            Assert.Equal(first.Body, retry.Body);
            Assert.Equal(first.Header("Location"), retry.Header("Location"));
            Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        }
        var printers = (await Cluster.Nodes[1].GetAsync("/api/v1/printers")).Is(HttpStatusCode.OK);
        Assert.Single(printers.EnumerateArray(), p => p.GetProperty("model").GetString() == model);
    }

    [Fact]
    public async Task A_retry_of_a_refused_request_gets_the_same_refusal()
    {
        var key = Guid.NewGuid().ToString();
        var json = $$"""{"printer_id":"{{NewId("nope")}}","filament_id":"x","filepath":"a.gcode","print_weight_in_grams":5}""";

        var first = await Cluster.Nodes[1].PostAsync("/api/v1/print_jobs", json, key);
        var retry = await Cluster.Nodes[2].PostAsync("/api/v1/print_jobs", json, key);

        first.IsProblem(HttpStatusCode.UnprocessableEntity, "printer_id");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retry.Status);
        Assert.Equal(first.Body, retry.Body);
    }

    [Fact]
    public async Task A_key_reused_for_another_request_is_422()
    {
        var key = Guid.NewGuid().ToString();
        (await Cluster.Nodes[0].PostAsync("/api/v1/printers", """{"company":"Prusa","model":"MK4"}""", key)).Is(HttpStatusCode.Created);

        var reused = await Cluster.Nodes[1].PostAsync("/api/v1/printers", """{"company":"Prusa","model":"MK3S"}""", key);

        reused.IsProblem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key", "different request");
    }

    [Fact]
    public async Task Malformed_or_mistyped_bodies_are_400_naming_the_problem()
    {
        var node = Cluster.Nodes[0];
        (await node.PostAsync("/api/v1/printers", "{\"company\": \"Prusa\", ")).IsProblem(HttpStatusCode.BadRequest, detailContains: "not valid JSON");
        (await node.PostAsync("/api/v1/printers", "garbage")).IsProblem(HttpStatusCode.BadRequest, detailContains: "not valid JSON");
        (await node.PostAsync("/api/v1/printers", "[1,2]")).IsProblem(HttpStatusCode.BadRequest, detailContains: "must be a JSON object");
        (await node.PostAsync("/api/v1/printers", "")).IsProblem(HttpStatusCode.BadRequest, detailContains: "JSON object body");
        (await node.PostAsync("/api/v1/printers", """{"company":5,"model":"x"}""")).IsProblem(HttpStatusCode.BadRequest, "company");
        (await node.PostAsync("/api/v1/printers", """{"id":{"a":1},"company":"a","model":"x"}""")).IsProblem(HttpStatusCode.BadRequest, "id");
        (await node.PostAsync("/api/v1/printers", """{"id":1.5,"company":"a","model":"x"}""")).IsProblem(HttpStatusCode.BadRequest, "id");
        (await node.PostAsync("/api/v1/filaments", """{"type":"PLA","color":"red","total_weight_in_grams":"1000"}""")).IsProblem(HttpStatusCode.BadRequest, "total_weight_in_grams");
        (await node.PostAsync("/api/v1/filaments", """{"type":"PLA","color":"red","total_weight_in_grams":10.5}""")).IsProblem(HttpStatusCode.BadRequest, "total_weight_in_grams");
        (await node.PostAsync("/api/v1/filaments", """{"type":"PLA","color":"red","total_weight_in_grams":99999999999}""")).IsProblem(HttpStatusCode.BadRequest, "total_weight_in_grams");
        (await node.PostAsync("/api/v1/print_jobs", """{"printer_id":"p","filament_id":"f","filepath":"a","print_weight_in_grams":true}""")).IsProblem(HttpStatusCode.BadRequest, "print_weight_in_grams");
        (await node.PostAsync("/api/v1/print_jobs/x/status", "{\"status\": 3}")).IsProblem(HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task Missing_and_invalid_fields_are_400_listing_each_field()
    {
        var node = Cluster.Nodes[1];
        var missing = (await node.PostAsync("/api/v1/print_jobs", "{}")).IsProblem(HttpStatusCode.BadRequest, "printer_id");
        Assert.Equal(["printer_id", "filament_id", "filepath", "print_weight_in_grams"], missing.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        (await node.PostAsync("/api/v1/printers", """{"company":"Prusa"}""")).IsProblem(HttpStatusCode.BadRequest, "model");
        (await node.PostAsync("/api/v1/printers", """{"company":"  ","model":"MK4"}""")).IsProblem(HttpStatusCode.BadRequest, "company");
        (await node.PostAsync("/api/v1/printers", """{"id":"bad id!","company":"a","model":"b"}""")).IsProblem(HttpStatusCode.BadRequest, "id");
        (await node.PostAsync("/api/v1/filaments", """{"type":"wood","color":"red","total_weight_in_grams":10}""")).IsProblem(HttpStatusCode.BadRequest, "type");
        (await node.PostAsync("/api/v1/filaments", """{"type":"abs","color":"red","total_weight_in_grams":0}""")).IsProblem(HttpStatusCode.BadRequest, "total_weight_in_grams");
        (await node.PostAsync("/api/v1/filaments", """{"type":"abs","color":"red","total_weight_in_grams":10,"remaining_weight_in_grams":11}""")).IsProblem(HttpStatusCode.BadRequest, "remaining_weight_in_grams");
        var (printer, filament) = await PrinterAndFilamentAsync(node);
        (await node.PostAsync("/api/v1/print_jobs", $$"""{"printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a","print_weight_in_grams":1,"status":"running"}"""))
            .IsProblem(HttpStatusCode.BadRequest, "status");
        (await node.PostAsync("/api/v1/print_jobs/x/status", null)).IsProblem(HttpStatusCode.BadRequest, "status");
        (await node.PostAsync("/api/v1/print_jobs/x/status?status=paused", null)).IsProblem(HttpStatusCode.BadRequest, "status");
        (await node.GetAsync("/api/v1/print_jobs?status=paused")).IsProblem(HttpStatusCode.BadRequest, "status");
        (await node.PostAsync("/api/v1/printers", """{"company":"a","model":"b"}""", idempotencyKey: new string('k', 300))).IsProblem(HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task Conflicts_are_409_and_say_why()
    {
        var node = Cluster.Nodes[2];
        var (printer, filament) = await PrinterAndFilamentAsync(node, grams: 300);
        (await node.PostAsync("/api/v1/printers", $$"""{"id":"{{printer}}","company":"a","model":"b"}""")).IsProblem(HttpStatusCode.Conflict, detailContains: printer);
        (await node.PostAsync("/api/v1/filaments", $$"""{"id":"{{filament}}","type":"PLA","color":"red","total_weight_in_grams":1}""")).IsProblem(HttpStatusCode.Conflict, detailContains: filament);
        var job = NewId("j");
        (await node.PostAsync("/api/v1/print_jobs", $$"""{"id":"{{job}}","printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a","print_weight_in_grams":200}""")).Is(HttpStatusCode.Created);
        (await node.PostAsync("/api/v1/print_jobs", $$"""{"id":"{{job}}","printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a","print_weight_in_grams":1}""")).IsProblem(HttpStatusCode.Conflict, detailContains: job);
        (await node.PostAsync("/api/v1/print_jobs", $$"""{"printer_id":"{{printer}}","filament_id":"{{filament}}","filepath":"a","print_weight_in_grams":150}""")).IsProblem(HttpStatusCode.Conflict, detailContains: "100 g available");
        (await node.PostAsync($"/api/v1/print_jobs/{job}/status?status=done", null)).IsProblem(HttpStatusCode.Conflict, detailContains: "Queued");
        (await node.PostAsync($"/api/v1/print_jobs/{job}/status?status=canceled", null)).Is(HttpStatusCode.OK);
        (await node.PostAsync($"/api/v1/print_jobs/{job}/status?status=running", null)).IsProblem(HttpStatusCode.Conflict, detailContains: "Canceled");
    }

    [Fact]
    public async Task Unknown_objects_are_404_and_unknown_references_are_422()
    {
        var node = Cluster.Nodes[0];
        (await node.GetAsync("/api/v1/printers/nope")).IsProblem(HttpStatusCode.NotFound, detailContains: "nope");
        (await node.GetAsync("/api/v1/filaments/nope")).IsProblem(HttpStatusCode.NotFound, detailContains: "nope");
        (await node.GetAsync("/api/v1/print_jobs/nope")).IsProblem(HttpStatusCode.NotFound, detailContains: "nope");
        (await node.PostAsync("/api/v1/print_jobs/nope/status?status=running", null)).IsProblem(HttpStatusCode.NotFound, detailContains: "nope");
        var (printer, _) = await PrinterAndFilamentAsync(node);
        (await node.PostAsync("/api/v1/print_jobs", $$"""{"printer_id":"{{printer}}","filament_id":"missing","filepath":"a","print_weight_in_grams":1}"""))
            .IsProblem(HttpStatusCode.UnprocessableEntity, "filament_id");
        (await node.GetAsync("/api/v1/spools")).IsProblem(HttpStatusCode.NotFound, detailContains: "no endpoint GET /api/v1/spools");
        (await node.DeleteAsync("/api/v1/printers")).IsProblem(HttpStatusCode.MethodNotAllowed, detailContains: "DELETE is not allowed");
    }
}
