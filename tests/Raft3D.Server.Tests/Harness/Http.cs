using System.Net;
using System.Text;
using System.Text.Json;

namespace Raft3D.Server.Tests.Harness;

/// <summary>Small HTTP helpers: raw JSON bodies (so tests can send garbage) and parsed answers.</summary>
public static class Http
{
    public static async Task<Answer> PostAsync(this TestNode node, string path, string? json, string? idempotencyKey = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, contentType);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await SendAsync(node, request);
    }

    public static Task<Answer> GetAsync(this TestNode node, string path) => SendAsync(node, new HttpRequestMessage(HttpMethod.Get, path));

    public static Task<Answer> DeleteAsync(this TestNode node, string path) => SendAsync(node, new HttpRequestMessage(HttpMethod.Delete, path));

    /// <summary>Any method, a JSON body (or none) and extra headers, e.g. ("If-Match", "\"17\"").</summary>
    public static Task<Answer> SendAsync(this TestNode node, HttpMethod method, string path, string? json, params (string Name, string Value)[] headers) =>
        SendBytesAsync(node, method, path, json is null ? null : Encoding.UTF8.GetBytes(json), headers);

    /// <summary>Any bytes as the body, so tests can send what no string holds (invalid UTF-8).</summary>
    public static async Task<Answer> SendBytesAsync(this TestNode node, HttpMethod method, string path, byte[]? body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await SendAsync(node, request);
    }

    private static async Task<Answer> SendAsync(TestNode node, HttpRequestMessage request)
    {
        using (request)
        {
            var started = DateTime.UtcNow;
            using var response = await node.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text,
                response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
                DateTime.UtcNow - started);
        }
    }
}

/// <summary>An HTTP answer, read whole.</summary>
public sealed record Answer(HttpStatusCode Status, string? MediaType, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Took)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public override string ToString() => $"{(int)Status} {MediaType} {Body}";

    /// <summary>Asserts a success with the given status and returns the JSON body.</summary>
    public JsonElement Is(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"expected {(int)expected}, got {this}");
        Assert.Equal("application/json", MediaType);
        return Json;
    }

    /// <summary>Asserts an RFC 9457 problem with this status (and field, when given) and returns it.</summary>
    public JsonElement IsProblem(HttpStatusCode expected, string? field = null, string? detailContains = null)
    {
        Assert.True(Status == expected, $"expected {(int)expected}, got {this}");
        Assert.Equal("application/problem+json", MediaType);
        var problem = Json;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"no detail in {Body}");
        if (field is not null)
        {
            var named = problem.TryGetProperty("field", out var f) && f.GetString() == field
                        || problem.TryGetProperty("errors", out var errors) && errors.EnumerateArray().Any(e => e.GetProperty("field").GetString() == field);
            Assert.True(named, $"the problem does not name field {field}: {Body}");
            Assert.Contains(field, detail);
        }
        if (detailContains is not null) Assert.Contains(detailContains, detail);
        return problem;
    }
}
