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

    /// <summary>
    /// For nodes that also form an Akka cluster: no downing, so a partition never shuts a Raft
    /// node down (the default split-brain resolver would stop the minority side), and a node
    /// downed after Raft removed it keeps its actor system running.
    /// </summary>
    public const string Cluster = """
        akka.actor.provider = cluster
        akka.cluster {
          downing-provider-class = ""
          run-coordinated-shutdown-when-down = off
        }
        """;

    /// <summary>
    /// Remoting settings Raft relies on: frames large enough for a capped AppendEntries or a
    /// snapshot chunk (a larger frame is dropped with only a log line), a short gate after a
    /// failed connection so that a restarted peer is reached again within a heartbeat or two,
    /// and no passive connections: each node writes only on the connection it opened itself.
    /// With passive connections (Akka's default) a node writes on its peer's connection, and a
    /// connection of the peer's that stalls past the handshake timeout (a partition as the two
    /// connect) makes the peer stop reading that very connection in favour of the dead one:
    /// everything sent to it is then discarded, while the transport's heartbeats keep the
    /// connection alive, so the two never hear each other again (akka/akka-core#24393,
    /// FINDINGS.md §6). A node's own connection that fails is simply opened again.
    /// </summary>
    public const string Remote = """
        akka.remote {
          dot-netty.tcp.maximum-frame-size = 4194304b
          retry-gate-closed-for = 200ms
          use-passive-connections = off
        }
        """;
}
