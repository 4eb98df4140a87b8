using System.Text.Json.Serialization;

namespace Raft3D.Server.Api;

public sealed record ProblemFieldError(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message);
