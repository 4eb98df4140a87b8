namespace Raft3D.Bench.Http;

/// <summary>
/// GET /api/v1/print_jobs?limit=100 with a filter that depends on the request number (a status
/// with a page starting after some job, or one printer's jobs), linearizable or ?consistency=local.
/// </summary>
public sealed class JobPages(ClusterClient client, TargetSet targets, Func<long, string> filter, bool local) : IWorkload
{
    public bool IsWrite => false;

    public string Url(int slot, long sequence) =>
        $"{targets.For(slot)}/api/v1/print_jobs?{filter(sequence)}&limit=100{(local ? "&consistency=local" : "")}";

    public async Task<RequestOutcome> ExecuteAsync(long sequence, int slot, CancellationToken cancellationToken)
    {
        var outcome = await client.SendAsync(HttpMethod.Get, Url(slot, sequence), null, IsWrite, cancellationToken);
        if (outcome == RequestOutcome.Refused) targets.Refused(slot);
        return outcome;
    }

    /// <summary>A well-spread number in [0, count) for request sequence, so pages start all over the list.</summary>
    public static long Spread(long sequence, long count) => (long)(unchecked((ulong)sequence * 0x9E3779B97F4A7C15UL) % (ulong)count);
}
