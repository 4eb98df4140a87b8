namespace Raft3D.Bench.Http;

/// <summary>
/// The nodes a workload sends to: slot i starts on node i mod n, and moves to the next node when
/// its node refuses connections (it is down), so clients spread evenly and survive a dead node.
/// </summary>
public sealed class TargetSet(IReadOnlyList<string> httpAddresses, string scheme)
{
    private readonly string[] _baseUrls = httpAddresses.Select(a => $"{scheme}://{a}").ToArray();
    private readonly int[] _shift = new int[4096];

    public IReadOnlyList<string> HttpAddresses { get; } = httpAddresses;

    public string For(int slot) => _baseUrls[(slot + Volatile.Read(ref _shift[slot % _shift.Length])) % _baseUrls.Length];

    /// <summary>The slot's node refused a connection: move it on to the next one.</summary>
    public void Refused(int slot) => Interlocked.Increment(ref _shift[slot % _shift.Length]);
}
