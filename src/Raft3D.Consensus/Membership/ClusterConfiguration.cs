namespace Raft3D.Consensus.Membership;

/// <summary>
/// Who takes part in the cluster. Voters elect and commit; learners only receive the log
/// (thesis §4.2.1). A configuration lives in the log and takes effect as soon as a server
/// holds it, committed or not (thesis §4.1).
/// </summary>
public sealed record ClusterConfiguration(IReadOnlyList<Member> Voters, IReadOnlyList<Member> Learners)
{
    public static readonly ClusterConfiguration Empty = new([], []);

    /// <summary>
    /// The cluster this configuration belongs to, fixed when the cluster is bootstrapped and carried
    /// into every later configuration (so it is in the log and in every snapshot). Empty in data
    /// written before cluster ids existed.
    /// </summary>
    public string ClusterId { get; init; } = "";

    public IEnumerable<Member> All => Voters.Concat(Learners);

    public bool IsVoter(string id) => Voters.Any(m => m.Id == id);

    public bool IsLearner(string id) => Learners.Any(m => m.Id == id);

    public bool Contains(string id) => IsVoter(id) || IsLearner(id);

    public Member? Find(string id) => All.FirstOrDefault(m => m.Id == id);

    public bool Equals(ClusterConfiguration? other) =>
        other is not null && ClusterId == other.ClusterId && Voters.SequenceEqual(other.Voters) && Learners.SequenceEqual(other.Learners);

    public override int GetHashCode() => HashCode.Combine(Voters.Count, Learners.Count);

    public override string ToString() =>
        $"voters [{string.Join(", ", Voters.Select(v => v.Id))}] learners [{string.Join(", ", Learners.Select(v => v.Id))}]";
}
