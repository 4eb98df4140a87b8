namespace Raft3D.Consensus.Core;

public enum RaftRole
{
    Follower,

    /// <summary>Collecting pre-votes (thesis §9.6); reported to users as a candidate.</summary>
    PreCandidate,

    Candidate,
    Leader,

    /// <summary>A non-voting member catching up (thesis §4.2.1); it never campaigns.</summary>
    Learner,
}
