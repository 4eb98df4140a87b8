using System.Net;
using System.Text;
using System.Text.Json;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>Overload and size limits: 413 past the body limit, 429 past the bound on waiting writes, the frame-size check at start.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private ConfiguredNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _node = await ConfiguredNode.StartAsync("raft3d.api.max-body-bytes = 64KiB\nraft3d.raft.max-pending-proposals = 1\n");
        _http = _node.Http;
        // Once it leads, the node writes the cluster's first settings: wait for that write, so that
        // the one slot for a waiting write is the tests' own.
        await Eventually.True(async () => (await _http.GetStringAsync("/cluster/settings?consistency=local")).Contains("\"source\":\"cluster\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the node's first settings written");
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_body_over_max_body_bytes_is_413_problem_json()
    {
        var model = new string('x', 70 * 1024);
        var answer = await _http.PostAsync("/api/v1/printers",
            new StringContent($$"""{"id":"big","company":"Prusa","model":"{{model}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains("raft3d.api.max-body-bytes (65536 bytes)", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/printers/big")).StatusCode);
    }

    [Fact]
    public async Task A_body_within_the_limit_is_served()
    {
        var model = new string('x', 32 * 1024);
        var answer = await _http.PostAsync("/api/v1/printers",
            new StringContent($$"""{"id":"large","company":"Prusa","model":"{{model}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
    }

    [Fact]
    public async Task Writes_past_the_bound_on_waiting_writes_are_429_with_retry_after_and_not_applied()
    {
        // One waiting write at a time: of many concurrent ones, those that find one waiting are refused.
        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            var answer = await _http.PostAsync("/api/v1/printers",
                new StringContent($$"""{"id":"c{{i}}","company":"Prusa","model":"MK4"}""", Encoding.UTF8, "application/json"));
            return (Id: $"c{i}", Answer: answer);
        }));

        var refused = answers.Where(a => a.Answer.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(answers, a => a.Answer.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.Contains(a.Answer.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
        foreach (var (id, answer) in refused)
        {
            Assert.Equal("1", answer.Headers.RetryAfter?.ToString());
            Assert.Contains("max-pending-proposals", await answer.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v1/printers/{id}")).StatusCode);
        }
    }
}
