using Akka.Configuration;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Server.Flags;
using Raft3D.Server.Security;
using Serilog.Events;

namespace Raft3D.Server.Hosting;

/// <summary>Everything a node runs with: flags over HOCON over built-in defaults, checked.</summary>
public sealed record NodeOptions
{
    public const string SystemName = "raft3d";

    public required string NodeId { get; init; }

    public required HostPort Http { get; init; }

    public required HostPort Raft { get; init; }

    /// <summary>DATA/ID, absolute.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>LOGS/ID.log, absolute.</summary>
    public required string LogFile { get; init; }

    public required string DatabasePath { get; init; }

    public required bool Bootstrap { get; init; }

    public required bool Clean { get; init; }

    /// <summary>-advertise-http: the address clients and peers use instead of the bound one.</summary>
    public HostPort? AdvertiseHttp { get; init; }

    /// <summary>-advertise-raft: the address peers use instead of the bound one.</summary>
    public HostPort? AdvertiseRaft { get; init; }

    /// <summary>-restore: the backup a new cluster starts from (absolute), or null.</summary>
    public string? RestoreFile { get; init; }

    public bool ForceNewCluster { get; init; }

    public required IReadOnlyList<Member> BootstrapMembers { get; init; }

    public required LogEventLevel ConsoleLevel { get; init; }

    public required LogEventLevel FileLevel { get; init; }

    public required ApiOptions Api { get; init; }

    public required IdempotencyOptions Idempotency { get; init; }

    public required JoinOptions Join { get; init; }

    public required StorageOptions Storage { get; init; }

    public required EventOptions Events { get; init; }

    /// <summary>API keys and TLS material (-api-keys, -tls-*).</summary>
    public NodeSecurity Security { get; init; } = NodeSecurity.None;

    /// <summary>Wall time of one Raft tick (raft3d.raft.tick-interval); also sets the resolution of Akka's scheduler.</summary>
    public required TimeSpan TickInterval { get; init; }

    /// <summary>The share of one core, in percent, snapshots and backups are serialised with (raft3d.raft.snapshot-cpu-percent).</summary>
    public int SnapshotCpuPercent { get; init; }

    /// <summary>The Raft actor's settings, without the state machine factory.</summary>
    public required Func<Func<Consensus.IStateMachine>, RaftNodeSettings> RaftSettings { get; init; }

    /// <summary>The merged HOCON (akka.* and raft3d.*).</summary>
    public required Config Config { get; init; }

    public required IReadOnlyList<string> ConfigSources { get; init; }

    /// <summary>The Raft host and port peers reach this node at.</summary>
    public HostPort RaftAdvertised => AdvertiseRaft ?? Raft with { Host = Raft.AdvertisedHost };

    public string RaftAddress => AkkaAddress(RaftAdvertised.Host, RaftAdvertised.Port, Security.Tls is not null);

    public string HttpAddress => AdvertiseHttp?.Advertised ?? Http.Advertised;

    public Member Self => new(NodeId, RaftAddress, HttpAddress);

    /// <summary>A node's Akka address: Akka.Remote names its TLS transport akka.ssl.tcp, so a member's address says whether the cluster runs TLS.</summary>
    public static string AkkaAddress(string host, int port, bool tls) => RaftAddresses.Of(SystemName, host, port, tls);
}
