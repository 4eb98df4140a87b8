using Raft3D.Server.Hosting;

namespace Raft3D.Server.Api;

/// <summary>Reads and checks the Idempotency-Key header.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>Set on an answer that repeats the first attempt's result.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static string? Read(HttpRequest request, IdempotencyOptions options)
    {
        if (!request.Headers.TryGetValue(Name, out var values) || values.Count == 0) return null;
        if (values.Count > 1) throw ApiException.BadRequest($"send one {Name} header, not {values.Count}", Name);
        var key = values[0]!.Trim();
        if (key.Length == 0 || key.Length > options.MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
            throw ApiException.BadRequest($"{Name} must be 1-{options.MaxKeyLength} visible ASCII characters, e.g. a UUID", Name);
        return key;
    }
}
