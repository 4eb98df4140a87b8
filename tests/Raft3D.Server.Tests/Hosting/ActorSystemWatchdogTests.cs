using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Tests.Hosting;

/// <summary>
/// The watchdog's verdict on how the actor system ended, and the task an exit waits on before it
/// reads the code (under load the code was once read first: the node exited 0 after a failed
/// TLS handshake). The whole path, with a real failed handshake, is <c>ActorSystemExitTests</c>.
/// </summary>
public sealed class ActorSystemWatchdogTests
{
    public static TheoryData<string, int> Ends => new()
    {
        { "host stop", 0 }, // Ctrl+C, SIGTERM, another watchdog's exit: the host ran CoordinatedShutdown
        { "cluster downing", NodeExit.ActorSystemStopped },
        { "unknown", NodeExit.ActorSystemStopped }, // what Akka.Remote gives after a failed TLS handshake
    };

    [Theory]
    [MemberData(nameof(Ends))]
    public async Task Once_judged_the_exit_code_says_whether_the_actor_system_stopped_by_itself(string end, int expectedCode)
    {
        CoordinatedShutdown.Reason reason = end switch
        {
            "host stop" => CoordinatedShutdown.ClrExitReason.Instance,
            "cluster downing" => CoordinatedShutdown.ClusterDowningReason.Instance,
            _ => CoordinatedShutdown.UnknownReason.Instance,
        };
        using var system = ActorSystem.Create("watchdog", "akka.loglevel = OFF");
        await using var services = new ServiceCollection().AddSingleton(system).BuildServiceProvider();
        var exit = new NodeExit();
        var lifetime = new RecordingLifetime();
        var watchdog = new ActorSystemWatchdog(services, exit, lifetime, NullLogger<ActorSystemWatchdog>.Instance);
        await watchdog.StartAsync(CancellationToken.None);
        Assert.False(watchdog.Judged.IsCompleted);

        await CoordinatedShutdown.Get(system).Run(reason);
        await watchdog.Judged.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(expectedCode, exit.Code);
        Assert.Equal(expectedCode != 0, lifetime.StopRequested);
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => StopRequested = true;
    }
}
