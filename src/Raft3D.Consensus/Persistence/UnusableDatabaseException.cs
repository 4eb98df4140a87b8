namespace Raft3D.Consensus.Persistence;

/// <summary>The node's SQLite file is not a database or is damaged: the node must not start on it.</summary>
public sealed class UnusableDatabaseException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string DatabasePath { get; } = path;

    public string Problem { get; } = problem;
}
