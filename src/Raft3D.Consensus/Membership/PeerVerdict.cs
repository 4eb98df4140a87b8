namespace Raft3D.Consensus.Membership;

/// <summary>What a server does with a peer message, by who sent it (see <see cref="PeerAdmission"/>).</summary>
public enum PeerVerdict
{
    Admit,

    /// <summary>Sent by a server of another cluster: dropped.</summary>
    ForeignCluster,

    /// <summary>Sent by a server that is in none of the configurations this one knows: dropped.</summary>
    NotAMember,
}
