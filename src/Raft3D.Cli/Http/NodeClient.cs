using System.Net.Http.Headers;
using System.Text;

namespace Raft3D.Cli.Http;

/// <summary>
/// Talks to whichever of the given nodes answers: a node that refuses the connection is
/// skipped for the next one; a node that answers, even with an error, is the answer. A request
/// that may have changed state (not a GET) is never sent again after a timeout, since the
/// first attempt may have been applied. A node is host:port (http) or a URL such as
/// https://host:port; an address the cluster hands out (host:port) takes the scheme of the
/// nodes given. With an API key every request carries it as a bearer token.
/// </summary>
public sealed class NodeClient(IReadOnlyList<string> nodes, HttpMessageHandler handler, TimeSpan timeout, string? apiKey = null) : IDisposable
{
    private readonly HttpClient _http = new(handler) { Timeout = timeout };
    private readonly string _scheme = nodes.FirstOrDefault(n => n.Contains("://", StringComparison.Ordinal)) is { } url ? url[..url.IndexOf("://", StringComparison.Ordinal)] : "http";

    public IReadOnlyList<string> Nodes { get; } = nodes;

    public async Task<NodeResponse> SendAsync(HttpMethod method, string pathAndQuery, string? jsonBody = null,
        IReadOnlyDictionary<string, string>? headers = null, string? onlyNode = null)
    {
        var failures = new List<string>();
        foreach (var node in onlyNode is null ? Nodes : [onlyNode])
        {
            using var request = new HttpRequestMessage(method, BaseUrl(node) + pathAndQuery);
            if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (jsonBody is not null) request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
            try
            {
                using var response = await _http.SendAsync(request);
                return new NodeResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(), node);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{node}: {e.Message}");
            }
            catch (TaskCanceledException)
            {
                if (method != HttpMethod.Get)
                    throw new NodesUnreachableException($"{node} did not answer within {timeout.TotalSeconds:0} s; the outcome is unknown (retry with the same --idempotency-key)");
                failures.Add($"{node}: no answer within {timeout.TotalSeconds:0} s");
            }
        }
        throw new NodesUnreachableException($"no node answered: {string.Join("; ", failures)}");
    }

    /// <summary>
    /// GETs a file (a backup) from the first node that answers into target, written to a
    /// temporary name and moved into place only once whole. Returns the answer; on success its
    /// Body is empty and Headers holds the response headers.
    /// </summary>
    public async Task<NodeResponse> DownloadAsync(string pathAndQuery, string target)
    {
        var failures = new List<string>();
        foreach (var node in Nodes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl(node) + pathAndQuery);
            if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                    return new NodeResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(), node);
                var partial = target + ".partial";
                await using (var file = File.Create(partial))
                    await response.Content.CopyToAsync(file);
                if (response.Content.Headers.ContentLength is { } length && new FileInfo(partial).Length != length)
                {
                    File.Delete(partial);
                    failures.Add($"{node}: the download stopped short of {length} bytes");
                    continue;
                }
                File.Move(partial, target, overwrite: true);
                var headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
                return new NodeResponse((int)response.StatusCode, "", node) { Headers = headers };
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{node}: {e.Message}");
            }
            catch (TaskCanceledException)
            {
                failures.Add($"{node}: no answer within {timeout.TotalSeconds:0} s");
            }
        }
        throw new NodesUnreachableException($"no node answered: {string.Join("; ", failures)}");
    }
    private string BaseUrl(string node) =>
        node.Contains("://", StringComparison.Ordinal) ? node.TrimEnd('/') : $"{_scheme}://{node}";

    /// <summary>
    /// Opens a long response (a Server-Sent Events stream) on one node; the caller reads and
    /// disposes it. Only getting the headers is bounded by the timeout, not the stream.
    /// </summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string node, string pathAndQuery, IReadOnlyDictionary<string, string> headers, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl(node) + pathAndQuery);
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
    }

    public void Dispose() => _http.Dispose();
}
