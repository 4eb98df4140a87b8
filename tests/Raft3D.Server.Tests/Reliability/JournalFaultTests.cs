using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Raft3D.Consensus.Persistence;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>
/// Real journal faults on real nodes: a lock on a node's SQLite file held past every timeout, a
/// journal that stays broken past the give-up bound, a damaged file at start.
/// </summary>
public sealed class JournalFaultTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Short timeouts, so a fault outlasts them in seconds; busy below call, as the rule wants.</summary>
    private const string FastStorage = """
        raft3d.storage {
          busy-timeout = 500ms
          call-timeout = 2s
          breaker-reset-timeout = 500ms
          restart-min-backoff = 100ms
          restart-max-backoff = 500ms
          give-up-after = 300s
        }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_lock_held_past_the_timeouts_under_writes_makes_the_node_unready_then_it_recovers_and_keeps_every_acknowledged_write()
    {
        await using var cluster = await TestCluster.StartAsync(3, FastStorage);
        var victim = await cluster.LeaderAsync();
        var others = cluster.Nodes.Where(n => n != victim).ToList();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = $"p{i}";
                try
                {
                    var answer = await others[i % others.Count].Http.PostAsJsonAsync("/api/v1/printers", new { id, company = "Prusa", model = "MK4" });
                    if (answer.StatusCode == HttpStatusCode.Created) acknowledged.Add(id);
                }
                catch (HttpRequestException)
                {
                }
            }
        });

        await Eventually.True(() => Task.FromResult(acknowledged.Count >= 20), TimeSpan.FromSeconds(30), "writes before the fault");
        var database = Path.Combine(victim.DataRoot, victim.Id, "raft.db");
        using (var holder = new SqliteConnection(SqliteStorage.ConnectionString(database)))
        {
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }
            output.WriteLine($"holding {database}");
            // The victim writes what the new leader replicates to it, and fails on the lock.
            var unready = await Eventually.Get(async () =>
            {
                var ready = await victim.Http.GetAsync("/health/ready");
                var body = await ready.Content.ReadAsStringAsync();
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("journal is failing") ? body : null;
            }, TimeSpan.FromSeconds(30), "the locked node to report its failing journal");
            output.WriteLine(unready);
            var during = acknowledged.Count;
            // Held for several call timeouts and restarts; the other two keep committing meanwhile.
            await Eventually.True(() => Task.FromResult(acknowledged.Count >= during + 20), TimeSpan.FromSeconds(30), "writes while the lock is held");
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        SqliteConnection.ClearPool(new SqliteConnection(SqliteStorage.ConnectionString(database)));

        await Eventually.True(async () => (await victim.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(45), "the node to recover by itself once the lock is released");
        var after = acknowledged.Count;
        await Eventually.True(() => Task.FromResult(acknowledged.Count >= after + 10), TimeSpan.FromSeconds(30), "writes after recovery");
        await stop.CancelAsync();
        await writer;

        // Every acknowledged write is on the node that failed (a linearizable read through it).
        var printers = await victim.Http.GetFromJsonAsync<JsonElement>("/api/v1/printers");
        var held = printers.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToHashSet();
        var missing = acknowledged.Where(id => !held.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but missing: {string.Join(", ", missing)}");
        // The watchdog notices the recovery on its next check, and the file sink writes a moment later.
        await Eventually.True(async () =>
        {
            var log = await File.ReadAllTextAsync(victim.LogFile);
            return log.Contains("this Raft actor stops and restarts from its journal") && log.Contains("works again");
        }, TimeSpan.FromSeconds(15), "the log lines of the fault and of the recovery");
        output.WriteLine($"{acknowledged.Count} acknowledged writes, all present");
    }

    [Fact]
    public async Task A_journal_failing_past_the_give_up_bound_exits_with_code_3_and_one_line_naming_the_file()
    {
        var config = _folder.Combine("fast.conf");
        await File.WriteAllTextAsync(config, FastStorage.Replace("give-up-after = 300s", "give-up-after = 3s"));
        var httpPort = FreePorts.Next();
        string[] args = ["-id", "n1", "-bootstrap", "-http", $"127.0.0.1:{httpPort}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"), "-console-level", "error", "-config", config];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        var run = Raft3DApp.RunAsync(args, TextWriter.Null, TextWriter.Null);
        await Eventually.True(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the node to be ready");

        var database = _folder.Combine("data", "n1", "raft.db");
        using var holder = new SqliteConnection(SqliteStorage.ConnectionString(database));
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }
        var write = http.PostAsJsonAsync("/api/v1/printers", new { id = "p1", company = "Prusa", model = "MK4" });

        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        Assert.Equal(NodeExit.JournalFailed, await run);
        try
        {
            await write;
        }
        catch (HttpRequestException)
        {
            // The node went away under the request: its outcome is unknown, which is the point.
        }
        var lines = (await File.ReadAllLinesAsync(_folder.Combine("logs", "n1.log"))).Where(l => l.Contains("exiting with code 3")).ToList();
        Assert.Single(lines);
        Assert.Contains(database, lines[0]);
        output.WriteLine(lines[0]);
    }

    [Fact]
    public async Task A_node_whose_database_is_not_a_database_refuses_to_start_naming_the_file()
    {
        var data = _folder.Combine("data");
        string[] args = ["-id", "n1", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", data, "-logs", _folder.Combine("logs")];
        var app = Raft3DApp.Build([.. args, "-bootstrap"]);
        await app.StartAsync();
        await app.StopAsync();
        await Raft3DApp.DisposeQuietlyAsync(app);
        var database = Path.Combine(data, "n1", "raft.db");
        await using (var file = new FileStream(database, FileMode.Open, FileAccess.Write))
        {
            file.Write(new byte[4096].Select((_, i) => (byte)(i * 7 + 13)).ToArray());
        }

        var stderr = new StringWriter();
        var code = await Raft3DApp.RunAsync(args, TextWriter.Null, stderr);

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the database {database} is unusable (file is not a database)", line);
        output.WriteLine(line);
    }
}
