namespace Raft3D.Consensus.Serialization;

/// <summary>
/// Marks the messages and journal events that <see cref="RaftSerializer"/> writes; the HOCON
/// in <see cref="RaftHocon"/> binds this interface to it, so nothing goes through Akka's JSON.
/// </summary>
public interface IRaftSerializable;
