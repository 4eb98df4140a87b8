namespace Raft3D.Server.Flags;

/// <summary>
/// The command line as given (SPEC §5). Values left null were not given: the HOCON setting
/// under raft3d.node, or the built-in default, applies instead.
/// </summary>
public sealed record NodeFlags
{
    public string? Id { get; init; }

    public string? Http { get; init; }

    public string? Raft { get; init; }

    public string? Data { get; init; }

    public string? Logs { get; init; }

    public IReadOnlyList<string> Join { get; init; } = [];

    public bool Bootstrap { get; init; }

    public bool Clean { get; init; }

    public string? ConsoleLevel { get; init; }

    public string? FileLevel { get; init; }

    public string? Config { get; init; }

    public string? AdvertiseHttp { get; init; }

    public string? AdvertiseRaft { get; init; }

    public string? Restore { get; init; }

    public bool ForceNewCluster { get; init; }
    public string? ApiKeys { get; init; }

    public string? TlsCert { get; init; }

    public string? TlsKey { get; init; }

    public string? TlsCa { get; init; }

    public bool Help { get; init; }
}
