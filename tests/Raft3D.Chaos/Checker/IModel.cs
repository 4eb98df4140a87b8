using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// A sequential specification of the operations on one independent key, for the
/// linearizability search. States are values: equal states must compare equal, so that the
/// search can remember (linearized set, state) pairs it has already explored.
/// </summary>
public interface IModel<TState> where TState : IEquatable<TState>
{
    TState Initial { get; }

    /// <summary>
    /// Applies op to state. For an Ok operation, false when its recorded answer is not what the
    /// specification answers in this state. For an Info (or Pending) operation the answer is
    /// unknown: it takes effect as the specification says, and Step always succeeds.
    /// </summary>
    bool Step(TState state, Operation op, out TState next);

    string Describe(TState state);
}
