using System.Security.Cryptography;
using System.Text;

namespace Raft3D.Consensus.Membership;

/// <summary>How a new cluster gets its id (<see cref="ClusterConfiguration.ClusterId"/>).</summary>
public static class ClusterIds
{
    /// <summary>A cluster bootstrapped by one node: random.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A cluster whose voters are all started with -bootstrap and the same member list: each writes
    /// the first configuration by itself, so the id must follow from the list alone (ids and Raft
    /// addresses, in any order): every node writes the same first entry.
    /// </summary>
    public static string FromMembers(IEnumerable<Member> members)
    {
        var text = string.Join("\n", members.Select(m => $"{m.Id} {m.RaftAddress}").Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
