namespace Raft3D.Chaos.Checker;

public enum LinearizabilityOutcome
{
    Linearizable,
    NotLinearizable,
    /// <summary>The search gave up past its step budget: neither proven nor refuted.</summary>
    Unknown,
}
