using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Node;
using Raft3D.Server.Api;
using Raft3D.Server.Backup;
using Raft3D.Server.Cluster;
using Raft3D.Server.Dashboard;
using Raft3D.Server.Diagnostics;
using Raft3D.Server.Events;
using Raft3D.Server.Flags;
using Raft3D.Server.Logging;
using Raft3D.Server.Security;
using Serilog;

namespace Raft3D.Server.Hosting;

/// <summary>
/// Builds and runs one Raft3D node. <see cref="RunAsync"/> is the program; tests use
/// <see cref="Build(string[])"/> to start and stop nodes inside one process.
/// </summary>
public static class Raft3DApp
{
    public const string Name = "raft3d";

    /// <summary>How long an exit waits for <see cref="ActorSystemWatchdog.Judged"/> (a continuation, normally at once).</summary>
    private static readonly TimeSpan JudgementWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs a node until Ctrl+C or SIGTERM. 0: clean exit; 1: could not start; 2: bad command line;
    /// 3: stopped itself because its journal failed for too long; 4: -join refused; 5: the actor
    /// system stopped by itself (<see cref="NodeExit"/>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        NodeFlags flags;
        try
        {
            flags = FlagParser.Parse(args);
        }
        catch (FlagException e)
        {
            await stderr.WriteLineAsync($"{Name}: {e.Message}");
            return 2;
        }
        if (flags.Help)
        {
            await stdout.WriteLineAsync(FlagParser.Usage);
            return 0;
        }

        WebApplication app;
        try
        {
            app = Build(flags);
        }
        catch (FlagException e)
        {
            await stderr.WriteLineAsync($"{Name}: {e.Message}");
            return 2;
        }
        catch (StartupException e)
        {
            await stderr.WriteLineAsync($"{Name}: {e.Message}");
            return 1;
        }

        try
        {
            await app.StartAsync();
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"{Name}: cannot start: {Describe(e, app.Services.GetRequiredService<NodeOptions>())}");
            await DisposeQuietlyAsync(app);
            return 1;
        }
        await app.WaitForShutdownAsync();
        // The Akka host has stopped, so the actor system has ended: wait for the watchdog's verdict on how.
        await Task.WhenAny(app.Services.GetRequiredService<ActorSystemWatchdog>().Judged, Task.Delay(JudgementWait));
        var exit = app.Services.GetRequiredService<NodeExit>().Code;
        await DisposeQuietlyAsync(app);
        return exit;
    }

    public static WebApplication Build(string[] args) => Build(FlagParser.Parse(args));

    /// <summary>Checks the settings, prepares DATA/ID and the log file, and builds the node (not started).</summary>
    public static WebApplication Build(NodeFlags flags)
    {
        var node = NodeOptionsReader.Read(flags);
        // Taken before -clean, so a second process can never wipe or open a running node's data.
        var dataLock = DataDirectoryLock.Acquire(node.DataDirectory);
        try
        {
            return Build(node, dataLock);
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }
    }

    private static WebApplication Build(NodeOptions node, DataDirectoryLock dataLock)
    {
        if (node.Clean) StartupChecks.Clean(node);
        node = RestoreLoader.Apply(node);
        var fresh = !File.Exists(node.DatabasePath);
        StartupChecks.Directories(node);
        StartupChecks.Ports(node);

        var logger = NodeLogger.Create(node);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(Raft3DApp).Assembly.GetName().Name,
        });
        NodeLogger.AddTo(builder.Logging, logger);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // 413 past it, before the body is buffered; no write can grow a log entry past what
            // replication carries (FrameBudget checks the frame size against it at start).
            kestrel.Limits.MaxRequestBodySize = node.Api.MaxBodyBytes;
            var tls = node.Security.Tls;
            if (node.Http.BindAddress("http") is { } address) kestrel.Listen(address, node.Http.Port, l => { if (tls is not null) l.UseHttps(tls.Certificate); });
            else kestrel.ListenAnyIP(node.Http.Port, l => { if (tls is not null) l.UseHttps(tls.Certificate); });
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.Fill);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Raft3D";
            document.Info.Description = "A replicated 3D-print-farm service: printers, filaments and print jobs, replicated by Raft. " +
                                        "Errors are application/problem+json. Writes accept an Idempotency-Key header; reads take ?consistency=local.";
            return Task.CompletedTask;
        }));
        builder.Services.AddSingleton(node);
        // From a factory, so that the container disposes it (releases the lock) with the node.
        builder.Services.AddSingleton(_ => dataLock);
        builder.Services.AddSingleton<JournalHealth>();
        builder.Services.AddSingleton<NodeExit>();
        builder.Services.AddHostedService<JournalWatchdog>();
        builder.Services.AddSingleton(node.Security);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MemberReleases>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MemberReleases>());
        builder.Services.AddSingleton<StateMachine.AppliedFarm>();
        builder.Services.AddSingleton<FarmViewReader>();
        builder.Services.AddSingleton<FarmWriter>();
        builder.Services.AddSingleton<FarmReads>();
        builder.Services.AddSingleton<BackupSource>();
        builder.Services.AddSingleton(new FarmEventWindow(node.Events.Window));
        // Before the Raft node: hosted services start in order, and the meters' listener must be
        // there when the Raft actor sets its counters to 0.
        builder.Services.AddRaft3DTelemetry(node);
        builder.Services.AddRaftNode(node);
        // After the Akka host, whose actor system it watches.
        builder.Services.AddSingleton<ActorSystemWatchdog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ActorSystemWatchdog>());
        builder.Services.AddHostedService<JoinService>();
        builder.Services.AddHostedService<Settings.ClusterSettingsSeeder>();

        var app = builder.Build();
        app.Services.GetRequiredService<DataDirectoryLock>();
        app.UseMiddleware<ProblemMiddleware>();
        app.UseMiddleware<SecurityMiddleware>();
        app.UseMiddleware<BodyAdmissionMiddleware>();
        app.MapFarmEndpoints();
        app.MapClusterEndpoints();
        app.MapSettingsEndpoints();
        app.MapBackupEndpoints();
        app.MapHealthEndpoints();
        app.MapDocsEndpoints();
        app.MapEventEndpoints();
        app.MapDashboardEndpoints();
        app.MapMetrics();

        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Raft3D.Node");
        app.Lifetime.ApplicationStarted.Register(() => log.LogInformation(
            "Node {NodeId} serving HTTP on {Listen} (advertised {Http}), Raft at {Raft}; data in {Data}; log {LogFile}; settings from {Sources}",
            node.NodeId, node.Http, node.HttpAddress, node.RaftAddress, node.DataDirectory, node.LogFile, string.Join(", ", node.ConfigSources)));
        if (fresh && !node.Bootstrap && node.Join.Addresses.Count == 0)
        {
            // Without a hint a new user sees 503 on every request and nothing in the log.
            app.Lifetime.ApplicationStarted.Register(() => log.LogWarning(
                "Node {NodeId} belongs to no cluster yet and will answer 503 until one adds it: start it with -bootstrap " +
                "for a new cluster, with -join HOST:PORT to join one, or add it from a member (POST /join)", node.NodeId));
        }
        if (node.Security.Keys is null && !node.Http.IsLoopback)
            app.Lifetime.ApplicationStarted.Register(() => log.LogWarning(
                "The API is open: HTTP on {Listen} is reachable from other machines and no -api-keys file is given; anyone who can reach it can change the farm and the cluster",
                node.Http));
        app.Lifetime.ApplicationStopping.Register(() => log.LogInformation("Node {NodeId} shutting down", node.NodeId));
        return app;
    }

    /// <summary>Stops (if running) and disposes a node, then closes its database connections.</summary>
    public static async Task DisposeQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.DisposeAsync();
        }
        catch (Exception)
        {
            // Shutting down: nothing more to do.
        }
        SqliteConnection.ClearAllPools();
    }

    private static string Describe(Exception e, NodeOptions node)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || inner.GetType().Name == "AddressInUseException")
                return $"-http {node.Http}: the port is already in use";
        }
        var innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost.Message.Split('\n', 2)[0].Trim();
    }
}
