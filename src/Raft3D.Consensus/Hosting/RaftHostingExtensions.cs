using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Hosting;

/// <summary>
/// Wires a Raft server into a .NET host with Akka.Hosting: <see cref="WithRaft"/> starts the
/// Raft actor (under its back-off supervisor) in the host's actor system, and
/// <see cref="AddRaftNode"/> registers the <see cref="RaftNode"/> the host calls it through.
/// </summary>
public static class RaftHostingExtensions
{
    /// <summary>
    /// Starts the Raft server at /user/{ActorName} (peers address it there) under
    /// <see cref="RaftSupervisor"/>, which restarts it after a journal failure. settings is called
    /// once, when the actor system starts, so it may use services the container builds.
    /// The actor system needs the Raft serializer, remoting and a persistence journal (see RaftHocon, SqliteStorage).
    /// </summary>
    public static AkkaConfigurationBuilder WithRaft(this AkkaConfigurationBuilder builder, Func<RaftNodeSettings> settings) =>
        builder.WithActors((system, registry) =>
        {
            var resolved = settings();
            registry.Register<RaftActor>(system.ActorOf(RaftSupervisor.Props(resolved), resolved.ActorName));
        });

    /// <summary>Registers the <see cref="RaftNode"/> of the Raft server <see cref="WithRaft"/> starts (a singleton the container disposes).</summary>
    public static IServiceCollection AddRaftNode(this IServiceCollection services, string nodeId, RaftNodeOptions options) =>
        services.AddSingleton(provider =>
        {
            var raft = new RegisteredRaftActor(provider.GetRequiredService<ActorRegistry>());
            return new RaftNode(nodeId, raft.GetAsync, options);
        });
}
