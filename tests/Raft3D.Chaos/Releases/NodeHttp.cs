using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Raft3D.Chaos.Cluster;

namespace Raft3D.Chaos.Releases;

/// <summary>The few HTTP calls the release tests make to a node; any failure to reach it is a null answer, never an exception.</summary>
public sealed class NodeHttp : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public sealed record Answer(HttpStatusCode Status, JsonElement Body, string Text);

    public async Task<NodeStatus?> StatusAsync(Uri node)
    {
        var answer = await GetAsync(node, "/cluster/status");
        return answer is { Status: HttpStatusCode.OK } ? NodeStatus.Parse(answer.Body) : null;
    }

    /// <summary>The members as "id:voter" or "id:learner", from the node's status.</summary>
    public async Task<IReadOnlyList<string>?> MembersAsync(Uri node)
    {
        var answer = await GetAsync(node, "/cluster/status");
        if (answer is not { Status: HttpStatusCode.OK }) return null;
        return answer.Body.GetProperty("members").EnumerateArray()
            .Select(m => $"{m.GetProperty("id").GetString()}:{(m.GetProperty("voter").GetBoolean() ? "voter" : "learner")}")
            .Order(StringComparer.Ordinal).ToList();
    }

    public Task<Answer?> GetAsync(Uri node, string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(node, path)));

    public Task<Answer?> PostAsync(Uri node, string path, object body, string? idempotencyKey = null) =>
        SendAsync(WithBody(HttpMethod.Post, node, path, body, idempotencyKey));

    public Task<Answer?> PatchAsync(Uri node, string path, object body) => SendAsync(WithBody(HttpMethod.Patch, node, path, body, null));

    private static HttpRequestMessage WithBody(HttpMethod method, Uri node, string path, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, new Uri(node, path)) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private async Task<Answer?> SendAsync(HttpRequestMessage request)
    {
        try
        {
            using (request)
            using (var response = await _http.SendAsync(request))
            {
                var text = await response.Content.ReadAsStringAsync();
                var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
                return new Answer(response.StatusCode, body, text);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
