namespace Raft3D.Server.Api;

/// <summary>A request the API refuses before it reaches the cluster; becomes a problem+json answer.</summary>
public sealed class ApiException(int status, string title, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Field { get; } = field;

    public static ApiException BadRequest(string detail, string? field = null) => new(400, "Bad request", detail, field);
}
