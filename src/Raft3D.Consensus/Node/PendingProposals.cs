using Akka.Actor;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Entries this leader appended for a client, by log index, with the term it appended them in:
/// applied at that index in that term they are the client's; applied with another term, another
/// leader's entry took the index and the client's was never committed (§5.3).
/// </summary>
public sealed class PendingProposals
{
    private readonly Dictionary<long, PendingProposal> _byIndex = [];

    /// <summary>PreviousReleaseAnswers: the proposer reads results as the previous release wrote them.</summary>
    public readonly record struct PendingProposal(long Term, IActorRef ReplyTo, bool PreviousReleaseAnswers = false);

    public int Count => _byIndex.Count;

    public void Add(long index, long term, IActorRef replyTo, bool previousReleaseAnswers = false) =>
        _byIndex[index] = new PendingProposal(term, replyTo, previousReleaseAnswers);

    /// <summary>The entry at index was applied: the proposal waiting for it, if any.</summary>
    public bool TryTake(long index, out PendingProposal pending) => _byIndex.Remove(index, out pending);

    /// <summary>
    /// This server stopped leading: entries up to the commit index are still answered when they
    /// apply; those after it may or may not commit under the next leader, and are taken here.
    /// </summary>
    public List<(long Index, PendingProposal Pending)> TakeAfter(long commitIndex) => TakeWhere(index => index > commitIndex);

    /// <summary>A snapshot up to index replaced the log: these entries are never applied one by one here.</summary>
    public List<(long Index, PendingProposal Pending)> TakeUpTo(long index) => TakeWhere(i => i <= index);

    private List<(long Index, PendingProposal Pending)> TakeWhere(Func<long, bool> covered)
    {
        var taken = _byIndex.Where(p => covered(p.Key)).Select(p => (p.Key, p.Value)).ToList();
        foreach (var (index, _) in taken) _byIndex.Remove(index);
        return taken;
    }
}
