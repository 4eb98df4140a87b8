namespace Raft3D.Consensus.Node;

/// <summary>
/// Rate-limits the log lines about dropped messages: the first drop of a kind is reported at
/// once, later ones at most once per interval with how many were dropped meanwhile, so a
/// flood of forged messages cannot flood the log too. Kinds are bounded: past
/// <see cref="MaxKinds"/> the oldest counts are forgotten.
/// </summary>
public sealed class DropReport(TimeSpan interval)
{
    public const int MaxKinds = 256;

    private readonly Dictionary<string, (DateTime Reported, int Dropped)> _kinds = [];

    /// <summary>Counts a drop; returns how many to report now (this one included), or 0 to stay quiet.</summary>
    public int Record(string kind, DateTime now)
    {
        if (_kinds.TryGetValue(kind, out var state))
        {
            if (now - state.Reported < interval)
            {
                _kinds[kind] = state with { Dropped = state.Dropped + 1 };
                return 0;
            }
            _kinds[kind] = (now, 0);
            return state.Dropped + 1;
        }
        if (_kinds.Count >= MaxKinds) _kinds.Clear();
        _kinds[kind] = (now, 0);
        return 1;
    }
}
