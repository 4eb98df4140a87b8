namespace Raft3D.Cli.Output;

/// <summary>What the exit code tells a script.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A node answered and refused (any 4xx or 5xx, 503 included).</summary>
    public const int Refused = 1;

    public const int BadUsage = 2;

    /// <summary>No node answered at all.</summary>
    public const int Unreachable = 3;
}
