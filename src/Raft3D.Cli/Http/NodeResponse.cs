namespace Raft3D.Cli.Http;

/// <summary>An HTTP answer from one node.</summary>
public sealed record NodeResponse(int StatusCode, string Body, string Node)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
