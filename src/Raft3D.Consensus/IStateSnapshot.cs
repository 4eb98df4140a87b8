namespace Raft3D.Consensus;

/// <summary>
/// The state machine's state at one applied index, captured on Raft's thread and serialised
/// later on another, so a large snapshot does not stall elections and replication (§7).
/// It must not read the live state machine: capture a copy or an immutable view.
/// </summary>
public interface IStateSnapshot
{
    /// <summary>
    /// Writes the bytes <see cref="IStateMachine.Restore(Stream)"/> accepts; called once, on any
    /// thread. The sink keeps them in segments, so they may exceed the largest array.
    /// </summary>
    void WriteTo(Stream sink);
}
