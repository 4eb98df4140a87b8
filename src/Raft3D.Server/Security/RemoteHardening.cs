namespace Raft3D.Server.Security;

/// <summary>
/// What the Raft port accepts, always (SPEC §10): Akka's JSON serializer is replaced by one
/// that refuses everything (<see cref="RefusingJsonSerializer"/>), Akka.Remote's own small
/// messages lose PoisonPill, Kill and Status.Failure (<see cref="GuardedMiscSerializer"/>), and untrusted mode drops
/// remote system messages (a PoisonPill or Kill from another system, remote deployment) and
/// every ActorSelection except to the Akka.Cluster actors that find each other that way.
/// Peers reach the Raft actor by a resolved reference, never by selection.
/// </summary>
public static class RemoteHardening
{
    public const string Hocon = """
        akka.actor.serializers {
          json = "Raft3D.Server.Security.RefusingJsonSerializer, Raft3D.Server"
          akka-misc = "Raft3D.Server.Security.GuardedMiscSerializer, Raft3D.Server"
        }
        akka.remote {
          untrusted-mode = on
          trusted-selection-paths = [
            "/system/cluster/core/daemon",
            "/system/cluster/heartbeatReceiver",
            "/system/remote-watcher"
          ]
        }
        """;

    /// <summary>Turns TLS on for Akka.Remote; the certificate and its checks come with the setup (<see cref="TlsMaterial"/>).</summary>
    public const string SslHocon = "akka.remote.dot-netty.tcp.enable-ssl = true";
}
