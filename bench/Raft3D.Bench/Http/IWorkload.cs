namespace Raft3D.Bench.Http;

/// <summary>A kind of request the load runner sends over and over.</summary>
public interface IWorkload
{
    /// <summary>Writes can end with an unknown outcome; reads only succeed or fail.</summary>
    bool IsWrite { get; }

    /// <summary>
    /// Sends one request. Sequence is unique over the run; slot is the closed-loop client (or the
    /// open-loop arrival number) and picks the target node.
    /// </summary>
    Task<RequestOutcome> ExecuteAsync(long sequence, int slot, CancellationToken cancellationToken);
}
