using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Raft3D.Cli.Tests;

/// <summary>
/// Plays the cluster's HTTP side: records every request and answers from a table keyed by
/// "host:port METHOD path"; hosts listed as down refuse the connection.
/// </summary>
public sealed class FakeNodes : HttpMessageHandler
{
    public List<(string Node, HttpMethod Method, string PathAndQuery, string? Body, string? IdempotencyKey)> Requests { get; } = [];

    public Dictionary<string, (int Status, string Body)> Answers { get; } = [];

    public HashSet<string> Down { get; } = [];

    /// <summary>Nodes that take a request and die before they answer it.</summary>
    public HashSet<string> DieAfterReceiving { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var node = request.RequestUri!.Authority;
        if (Down.Contains(node)) throw new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var key = request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null;
        Requests.Add((node, request.Method, request.RequestUri.PathAndQuery, body, key));
        if (DieAfterReceiving.Contains(node)) throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely");
        var (status, answer) = Answers.GetValueOrDefault($"{node} {request.Method} {request.RequestUri.AbsolutePath}", (200, "{}"));
        var contentType = status >= 400 ? "application/problem+json" : "application/json";
        return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(answer, Encoding.UTF8, contentType) };
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Raft3DCli.RunAsync(args, stdout, stderr, () => this);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
