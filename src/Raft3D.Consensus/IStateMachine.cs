namespace Raft3D.Consensus;

/// <summary>
/// The replicated state machine that Raft drives (the "FSM" of hashicorp/raft).
/// Raft calls every method from one thread, in log order, exactly once per committed
/// command per process lifetime; an implementation needs no locking of its own.
/// </summary>
public interface IStateMachine
{
    /// <summary>Applies a committed command and returns its encoded result.</summary>
    byte[] Apply(long index, ReadOnlySpan<byte> command);

    /// <summary>
    /// The command as the leader appends it, given the leader's clock (unix ms, never below one
    /// it gave before). A state machine whose apply uses time writes it into the command here, so
    /// that every server applies the same time, whichever server took the request and however its
    /// clock runs (hashicorp/raft's AppendedAt). Called on the leader only; the default keeps the
    /// command as it is.
    /// </summary>
    byte[] Stamp(byte[] command, long leaderTimeMs) => command;

    /// <summary>
    /// The result of a command as its proposer reads it, when that proposer is a server of the
    /// previous release (<see cref="Node.Propose.PreviousReleaseAnswers"/>) that forwarded it to
    /// this leader: a state machine whose results changed format since writes them as that
    /// release did. Called on the leader only; the default answers the result as it is.
    /// </summary>
    byte[] AnswerForPreviousRelease(byte[] result) => result;

    /// <summary>Serialises the whole state; the same state must give the same bytes.</summary>
    byte[] Snapshot();

    /// <summary>
    /// Captures the state for a snapshot serialised off Raft's thread. The default serialises
    /// at once; a large state machine returns a cheap copy or immutable view instead.
    /// </summary>
    IStateSnapshot CaptureSnapshot() => new SerializedState(Snapshot());

    private sealed class SerializedState(byte[] bytes) : IStateSnapshot
    {
        public void WriteTo(Stream sink) => sink.Write(bytes);
    }

    /// <summary>Replaces the whole state with one <see cref="CaptureSnapshot"/> wrote, read from the stream (perhaps past 2 GiB).</summary>
    void Restore(Stream snapshot);

    /// <summary>
    /// Replaces the whole state with a snapshot that covers the log up to index. Raft calls this
    /// one; a state machine that keeps a record per applied index (a change feed) overrides it to
    /// learn where the entries it will never see one by one end.
    /// </summary>
    void Restore(long index, Stream snapshot) => Restore(snapshot);

    /// <summary>
    /// A snapshot at index is saved and the log up to it compacted: this server holds those
    /// entries no longer. A change feed that promises no more than the log holds forgets them too.
    /// </summary>
    void Compacted(long index)
    {
    }
}
