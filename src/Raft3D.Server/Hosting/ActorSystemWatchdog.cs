using Akka.Actor;

namespace Raft3D.Server.Hosting;

/// <summary>
/// Turns an actor system that stopped by itself into a failed exit. Akka can end the actor
/// system on its own: Akka.Remote (1.5.51 and later) runs CoordinatedShutdown whenever an
/// outbound TLS handshake fails, and a network partition makes that happen (a peer that gave up
/// on a stalled handshake closes the connection, which the client reads as a failed handshake;
/// FINDINGS.md §6). Akka.Hosting then stops the host, and the process would exit with 0, which a
/// service manager takes for a deliberate stop and does not restart. So when the actor system
/// terminates for any reason but the host's own stop, this logs the reason and exits with
/// <see cref="NodeExit.ActorSystemStopped"/>: the node comes back from its data within seconds.
/// </summary>
public sealed class ActorSystemWatchdog(IServiceProvider services, NodeExit exit, IHostApplicationLifetime lifetime,
    ILogger<ActorSystemWatchdog> log) : IHostedService
{
    private Task _judged = Task.CompletedTask;

    /// <summary>
    /// Completes once the actor system's end has been judged (and the exit code set if it stopped
    /// by itself). The host stops as soon as the actor system does, and this judgement runs on the
    /// thread pool: under load the exit code was read before it (a node exited 0, not 5), so
    /// <see cref="Raft3DApp.RunAsync"/> waits for this first.
    /// </summary>
    public Task Judged => _judged;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered after the Akka host: the actor system is up by now.
        var system = services.GetRequiredService<ActorSystem>();
        var shutdown = CoordinatedShutdown.Get(system);
        _judged = system.WhenTerminated.ContinueWith(_ => OnTerminated(shutdown.ShutdownReason), TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnTerminated(CoordinatedShutdown.Reason? reason)
    {
        // The host's stop (Ctrl+C, SIGTERM, a watchdog's exit) runs CoordinatedShutdown with ClrExitReason.
        if (reason is CoordinatedShutdown.ClrExitReason) return;
        var why = reason?.ToString() ?? "no reason given";
        log.LogCritical("The actor system stopped by itself ({Reason}); exiting with code {Code} so that the service manager restarts the node",
            why, NodeExit.ActorSystemStopped);
        exit.Fail(NodeExit.ActorSystemStopped);
        lifetime.StopApplication();
    }
}
