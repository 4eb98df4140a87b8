namespace Raft3D.Consensus.Serialization;

/// <summary>HOCON that every actor system hosting a Raft node needs.</summary>
public static class RaftHocon
{
    /// <summary>Binds Raft's messages and events to the binary serializer instead of Akka's JSON.</summary>
    public const string Serialization = """
        akka.actor {
          serializers {
            raft = "Raft3D.Consensus.Serialization.RaftSerializer, Raft3D.Consensus"
          }
          serialization-bindings {
            "Raft3D.Consensus.Serialization.IRaftSerializable, Raft3D.Consensus" = raft
          }
          serialization-identifiers {
            "Raft3D.Consensus.Serialization.RaftSerializer, Raft3D.Consensus" = 7301
          }
        }
        """;
}
