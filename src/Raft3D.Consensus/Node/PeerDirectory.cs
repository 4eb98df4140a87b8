using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Where to send a peer's messages: members by the Raft address of the configuration, resolved
/// once per address (locally, no network round trip); a server not in our configuration (one
/// that is joining) through the sender of its last message.
/// </summary>
public sealed class PeerDirectory<TRef>(Func<string, TRef> resolve) where TRef : class
{
    private readonly Dictionary<string, (string Address, TRef Ref)> _resolved = [];
    private readonly Dictionary<string, TRef> _senders = [];

    /// <summary>A message from id arrived from sender: the way back to a server we do not know yet.</summary>
    public void Heard(string id, TRef sender) => _senders[id] = sender;

    public TRef? Find(string id, ClusterConfiguration configuration)
    {
        var member = configuration.Find(id);
        if (member is null)
            return _resolved.TryGetValue(id, out var known) ? known.Ref : _senders.GetValueOrDefault(id);
        if (_resolved.TryGetValue(id, out var cached) && cached.Address == member.RaftAddress) return cached.Ref;
        var peer = resolve(member.RaftAddress);
        _resolved[id] = (member.RaftAddress, peer);
        return peer;
    }
}
