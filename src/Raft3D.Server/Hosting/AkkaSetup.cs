using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;
using Raft3D.Consensus.Serialization;
using Raft3D.Server.Logging;
using Raft3D.Server.Security;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Hosting;

/// <summary>
/// The node's actor system through Akka.Hosting: named raft3d, remoting on -raft, the SQL
/// journal and snapshot store on DATA/ID/raft.db, the Raft serializer, Akka's logs into the
/// node's logger, and the Raft server (WithRaft) with the RaftNode the API calls it through.
/// </summary>
public static class AkkaSetup
{
    public static IServiceCollection AddRaftNode(this IServiceCollection services, NodeOptions node)
    {
        var level = AkkaLogLevel(node);
        services.AddAkka(NodeOptions.SystemName, (akka, provider) =>
        {
            // Lowest priority first: Raft's own requirements, then the storage, then hocon/ and -config.
            var stdout = node.Config.GetString("akka.stdout-loglevel", "WARNING");
            // The hardening of the Raft port sits above hocon/ and -config: no setting turns it off.
            var config = ConfigurationFactory.ParseString($"akka.loglevel = {level.ToString().Replace("Level", "").ToUpperInvariant()}\nakka.stdout-loglevel = {stdout}")
                .WithFallback(ConfigurationFactory.ParseString(RemoteHardening.Hocon))
                .WithFallback(ConfigurationFactory.ParseString(node.Security.Tls is null ? "" : RemoteHardening.SslHocon))
                .WithFallback(node.Config)
                .WithFallback(ConfigurationFactory.ParseString(SchedulerTick.Hocon(node.TickInterval)))
                .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Serialization))
                .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Remote))
                .WithFallback(ConfigurationFactory.ParseString(RaftHocon.Cluster))
                .WithFallback(SqliteStorage.Config(node.DatabasePath, node.Storage.Timeouts));
            akka.AddHocon(config, HoconAddMode.Prepend);
            akka.AddSetup(SqliteStorage.Setup(node.DatabasePath, node.Storage.Timeouts));
            if (node.Security.Tls is { } tls)
            {
                // Mutual TLS: both ends present a certificate, and each accepts only one the CA
                // signed. Host names are not checked: the CA is the trust boundary.
                akka.AddSetup(new DotNettySslSetup(tls.Certificate, suppressValidation: false, requireMutualAuthentication: true,
                    validateCertificateHostname: false, (certificate, _, _, _, _) => tls.IsTrusted(certificate)));
            }
            // Bound on -raft; peers are told -advertise-raft when given (NAT, containers, 0.0.0.0).
            akka.WithRemoting(node.Raft.Host, node.Raft.Port, node.RaftAdvertised.Host, node.RaftAdvertised.Port);
            // WithRemoting selects the remote provider in code, above any HOCON: Akka.Cluster
            // (failure detection for the status view and autopilot) unless hocon/ opts out.
            if (config.GetString("akka.actor.provider", "cluster") == "cluster")
                akka.WithActorRefProvider(ProviderSelection.Cluster.Instance);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = level;
                loggers.LogConfigOnStart = false;
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogBridge>();
            });
            akka.WithRaft(() =>
            {
                var events = provider.GetRequiredService<Events.FarmEventWindow>();
                var applied = provider.GetRequiredService<AppliedFarm>();
                return node.RaftSettings(() => new FarmStateMachine(events, applied)) with
                {
                    JournalHealth = provider.GetRequiredService<JournalHealth>(),
                };
            });
        });
        return services.AddRaftNode(node.NodeId, new RaftNodeOptions(node.Api.RequestTimeout, node.Api.ClusterTimeout));
    }

    /// <summary>Akka logs at the lower of the node's two levels, but never below akka.loglevel from HOCON.</summary>
    private static Akka.Event.LogLevel AkkaLogLevel(NodeOptions node)
    {
        var nodeLevel = LogLevels.ToAkka((Serilog.Events.LogEventLevel)Math.Min((int)node.ConsoleLevel, (int)node.FileLevel));
        var configured = node.Config.GetString("akka.loglevel", "INFO").ToUpperInvariant() switch
        {
            "DEBUG" => Akka.Event.LogLevel.DebugLevel,
            "INFO" => Akka.Event.LogLevel.InfoLevel,
            "WARNING" or "WARN" => Akka.Event.LogLevel.WarningLevel,
            "ERROR" => Akka.Event.LogLevel.ErrorLevel,
            _ => Akka.Event.LogLevel.InfoLevel,
        };
        return configured > nodeLevel ? configured : nodeLevel;
    }
}
