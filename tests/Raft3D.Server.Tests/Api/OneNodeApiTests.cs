using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Raft3D.Server.Tests.Harness;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Api;

/// <summary>A one-node cluster with raft3d.api.max-list = 3.</summary>
public sealed class OneNodeFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public TestNode Node => Cluster.Nodes[0];

    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync(1, "raft3d.api.max-list = 3");

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Lists past raft3d.api.max-list, and bad text (SPEC §3 last bullet, §10 ids) on a real node.</summary>
public sealed class OneNodeApiTests(OneNodeFixture fixture, ITestOutputHelper output) : IClassFixture<OneNodeFixture>
{
    private TestNode Node => fixture.Node;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_list_without_limit_stops_at_max_list_and_links_to_the_rest()
    {
        var filament = NewId("f");
        (await Node.PostAsync("/api/v1/filaments", $$"""{"id":"{{filament}}","type":"PLA","color":"red","total_weight_in_grams":1000}""")).Is(HttpStatusCode.Created);
        (await Node.PostAsync("/api/v1/printers", """{"id":"mp","company":"Prusa","model":"MK4"}""")).Status.ToString();
        for (var i = 0; i < 5; i++)
        {
            (await Node.PostAsync("/api/v1/print_jobs", $$"""{"id":"{{filament}}-{{i}}","printer_id":"mp","filament_id":"{{filament}}","filepath":"a.gcode","print_weight_in_grams":1}"""))
                .Is(HttpStatusCode.Created);
        }

        var first = await Node.GetAsync($"/api/v1/print_jobs?filament_id={filament}");
        Assert.Equal([$"{filament}-0", $"{filament}-1", $"{filament}-2"], first.Is(HttpStatusCode.OK).EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.Equal("5", first.Header("X-Total-Count"));
        Assert.Equal($"</api/v1/print_jobs?after={filament}-2&filament_id={filament}>; rel=\"next\"", first.Header("Link"));

        var rest = await Node.GetAsync($"/api/v1/print_jobs?after={filament}-2&filament_id={filament}");
        Assert.Equal([$"{filament}-3", $"{filament}-4"], rest.Is(HttpStatusCode.OK).EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.Null(rest.Header("Link"));
    }

    [Fact]
    public async Task Bad_text_is_400_naming_the_field()
    {
        (await Node.PostAsync("/api/v1/printers", """{"company":"\ud800","model":"MK4"}""")).IsProblem(HttpStatusCode.BadRequest, "company", "lone surrogate");
        (await Node.PostAsync("/api/v1/printers", """{"company":"Prusa","model":"a\udc00b"}""")).IsProblem(HttpStatusCode.BadRequest, "model");
        (await Node.PostAsync("/api/v1/printers", """{"company":"Pru\u0007sa","model":"MK4"}""")).IsProblem(HttpStatusCode.BadRequest, "company", "control characters");
        (await Node.PostAsync("/api/v1/filaments", """{"type":"PLA","color":"re\nd","total_weight_in_grams":10}""")).IsProblem(HttpStatusCode.BadRequest, "color");
        (await Node.PostAsync("/api/v1/printers", """{"company":"Prusa","company":"Bambu","model":"MK4"}""")).IsProblem(HttpStatusCode.BadRequest, "company", "appears twice");
        (await Node.PostAsync("/api/v1/printers", """{"company":"Prusa","model":"MK4","x":{"a":1,"a":2}}""")).IsProblem(HttpStatusCode.BadRequest, "x.a");
        (await Node.PostAsync("/api/v1/printers", """{"id":".","company":"Prusa","model":"MK4"}""")).IsProblem(HttpStatusCode.BadRequest, "id");
        (await Node.PostAsync("/api/v1/printers", """{"id":"..","company":"Prusa","model":"MK4"}""")).IsProblem(HttpStatusCode.BadRequest, "id");
        (await Node.SendAsync(HttpMethod.Patch, "/api/v1/printers/mp", """{"company":"\uDFFF"}""")).IsProblem(HttpStatusCode.BadRequest, "company");

        var invalidUtf8 = Encoding.UTF8.GetBytes("""{"company":"Pr__sa","model":"MK4"}""");
        invalidUtf8[14] = 0xC3; // a lead byte followed by '_': not UTF-8
        invalidUtf8[15] = 0x28;
        (await Node.SendBytesAsync(HttpMethod.Post, "/api/v1/printers", invalidUtf8)).IsProblem(HttpStatusCode.BadRequest, "company", "invalid UTF-8");
        var invalidKey = Encoding.UTF8.GetBytes("""{"c_":"x","company":"Prusa","model":"MK4"}""");
        invalidKey[3] = 0xFF;
        (await Node.SendBytesAsync(HttpMethod.Post, "/api/v1/printers", invalidKey)).IsProblem(HttpStatusCode.BadRequest, detailContains: "field name");
    }

    /// <summary>
    /// Random and broken bodies at every write endpoint: never a 5xx, always a problem document.
    /// Replay a failure with RAFT3D_FUZZ_SEED=SEED.
    /// </summary>
    [Fact]
    public async Task No_request_body_causes_a_5xx()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RAFT3D_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (replay with RAFT3D_FUZZ_SEED={seed})");
        var random = new Random(seed);
        var bodies = new FuzzBodies(random);
        (await Node.PostAsync("/api/v1/printers", """{"id":"fz-p","company":"Prusa","model":"MK4"}""")).Status.ToString();
        (await Node.PostAsync("/api/v1/filaments", """{"id":"fz-f","type":"PLA","color":"red","total_weight_in_grams":100000}""")).Status.ToString();
        (await Node.PostAsync("/api/v1/print_jobs", """{"id":"fz-j","printer_id":"fz-p","filament_id":"fz-f","filepath":"a","print_weight_in_grams":1}""")).Status.ToString();
        (HttpMethod Method, string Path, string Template)[] endpoints =
        [
            (HttpMethod.Post, "/api/v1/printers", """{"id":"p1","company":"Prusa","model":"MK4"}"""),
            (HttpMethod.Post, "/api/v1/filaments", """{"id":"f1","type":"PLA","color":"red","total_weight_in_grams":1000,"remaining_weight_in_grams":10}"""),
            (HttpMethod.Post, "/api/v1/print_jobs", """{"id":"j1","printer_id":"fz-p","filament_id":"fz-f","filepath":"a.gcode","print_weight_in_grams":1,"status":"queued"}"""),
            (HttpMethod.Post, "/api/v1/print_jobs/fz-j/status", """{"status":"running"}"""),
            (HttpMethod.Patch, "/api/v1/printers/fz-p", """{"company":"Bambu","model":"X1"}"""),
            (HttpMethod.Patch, "/api/v1/filaments/fz-f", """{"color":"blue","remaining_weight_in_grams":99999}"""),
            (HttpMethod.Delete, "/api/v1/printers/nope", """{"x":1}"""),
            (HttpMethod.Delete, "/api/v1/filaments/nope", """{"x":1}"""),
        ];

        var failures = new List<string>();
        for (var round = 0; round < 40; round++)
        {
            var requests = endpoints.Select(e =>
            {
                var body = bodies.Next(e.Template);
                (string, string)[] headers = random.Next(4) == 0 ? [("If-Match", bodies.HeaderValue())] : [];
                return (e.Method, e.Path, Body: body, Task: Node.SendBytesAsync(e.Method, e.Path, body, headers));
            }).ToList();
            foreach (var (method, path, body, task) in requests)
            {
                var answer = await task;
                if ((int)answer.Status >= 500 || (int)answer.Status >= 400 && answer.MediaType != "application/problem+json")
                    failures.Add($"{method} {path} {Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 200)))} -> {answer}");
            }
        }
        Assert.True(failures.Count == 0, $"seed {seed} (replay with RAFT3D_FUZZ_SEED={seed}):\n{string.Join("\n", failures.Take(10))}");
    }
}
