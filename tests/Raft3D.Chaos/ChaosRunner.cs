using System.Globalization;
using System.Text.Json;
using Raft3D.Chaos.Checker;
using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.History;
using Raft3D.Chaos.Nemesis;
using Raft3D.Chaos.Workload;
using Raft3D.Testing;

namespace Raft3D.Chaos;

/// <summary>
/// One chaos run: start the cluster, create the stock printer, run the clients and the
/// nemesis for the given time, heal, read every key once more, wait until every node holds
/// the same state, stop the nodes, check the history. A failed run saves its history, its
/// report and the nodes' files under the output folder.
/// </summary>
public sealed class ChaosRunner(ChaosOptions options, Action<string> output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan HealTimeout = TimeSpan.FromSeconds(120);

    public async Task<ChaosReport> RunAsync(int seed, CancellationToken abort)
    {
        var clock = new MonotonicClock();
        void Log(string line) => output($"[{clock.Elapsed.TotalSeconds,7:0.0}s] {line}");
        var report = new ChaosReport { Seed = seed, Options = options };
        var tag = seed.ToString("x", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..4];
        var root = Path.Combine(Path.GetTempPath(), $"raft3d-chaos-{tag}");
        Log($"seed {seed}: {options.Nodes} nodes, {options.Clients} clients, {options.Time.TotalSeconds:0} s; replay: {options.ReplayCommand(seed)}");

        string serverDll;
        try
        {
            serverDll = ServerLocator.Find(options.ServerDll);
        }
        catch (FileNotFoundException e)
        {
            report.InfrastructureError = e.Message;
            return report;
        }

        var wantsPartitions = options.Nemesis.Contains(FaultKind.Partition);
        var settings = new ClusterSettings(options.Nodes, serverDll, root, options.Namespaces && wantsPartitions, options.ServerRequestTimeout, options.SnapshotThreshold,
            options.Tls, options.ApiKeys, DataOnTmpfs: options.Nemesis.Contains(FaultKind.Disk));
        ChaosCluster cluster;
        try
        {
            cluster = ChaosCluster.Create(settings, clock, Log, out var made);
            report.NetworkNote = made;
        }
        catch (InvalidOperationException e)
        {
            report.InfrastructureError = $"the cluster could not be made: {e.Message}";
            return report;
        }
        var note = report.NetworkNote;
        Log(note);
        report.Nemesis = cluster.Network is null ? options.Nemesis.Where(k => k != FaultKind.Partition).ToList() : options.Nemesis;
        var recorder = new HistoryRecorder(clock);
        var convergence = new CheckResult("after healing, every node converges to the same state (local dumps at one applied index)");
        var progress = new CheckResult("clients made progress (acknowledged writes during the run)");
        try
        {
            try
            {
                await cluster.StartAsync(StartTimeout, abort);
            }
            catch (TimeoutException e)
            {
                report.InfrastructureError = $"the cluster did not start: {e.Message}";
                return report;
            }
            Log($"cluster up: {string.Join(", ", cluster.Nodes.Select(n => $"{n.Id} http://{n.HttpAddress}"))}; server {serverDll}");

            using var executor = new OperationExecutor(recorder, cluster.Nodes, options.ClientTimeout, cluster.Security);
            var stock = $"stock-{tag}";
            await FinalReadAsync(executor, cluster, new Operation { Process = -1, Kind = OpKind.CreatePrinter, Key = $"printer:{stock}", PrinterId = stock, Company = "Stock" },
                TimeSpan.FromSeconds(60), abort, acceptCreate: true);
            var pool = new KeyPool(tag, seed, stock, clock);

            using var stopClients = CancellationTokenSource.CreateLinkedTokenSource(abort);
            using var stopNemesis = CancellationTokenSource.CreateLinkedTokenSource(abort);
            var nemesis = new NemesisRunner(cluster, report.Nemesis, seed, clock, Log);
            var nemesisTask = nemesis.RunAsync(stopNemesis.Token, abort);
            var clients = Enumerable.Range(0, options.Clients)
                .Select(c => ClientAsync(c, new Random(unchecked(seed * 7919 + c + 1)), executor, pool, cluster.Nodes, options.RetryElsewhere, stopClients.Token, abort))
                .ToList();
            var until = clock.Elapsed + options.Time;
            while (clock.Elapsed < until && !abort.IsCancellationRequested)
            {
                var step = TimeSpan.FromSeconds(Math.Min(30, (until - clock.Elapsed).TotalSeconds));
                try
                {
                    await Task.Delay(step > TimeSpan.Zero ? step : TimeSpan.Zero, abort);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                var sofar = recorder.Snapshot();
                Log($"progress: {sofar.Count} operations, {sofar.Count(o => o.IsOk)} ok, {sofar.Count(o => o.Type == OpType.Info)} info, {nemesis.Faults.Count} faults, {cluster.Supervisor.Exits.Count} exits by itself");
            }
            Log("time is up: stopping the nemesis (healing everything) and the clients");
            await stopNemesis.CancelAsync();
            await nemesisTask;
            await stopClients.CancelAsync();
            await Task.WhenAll(clients);
            report.Faults = nemesis.Faults;

            var acknowledged = recorder.Snapshot().Count(o => o.IsOk && !o.IsRead && o.Process >= 0);
            progress.Scope = $"{acknowledged} acknowledged writes";
            if (acknowledged == 0) progress.Violation("no write was acknowledged during the whole run");

            abort.ThrowIfCancellationRequested();
            Log("waiting for a leader after healing");
            if (await LeaderAfterHealingAsync(cluster, convergence, abort))
            {
                Log($"final reads of {pool.AllPrinters.Count} printers and {pool.AllFilaments.Count} filaments");
                var finalStart = clock.Elapsed;
                var finalReads = await FinalReadsAsync(executor, cluster, pool, abort);
                var slowest = finalReads.Where(o => o.CompleteNs is not null).MaxBy(o => o.CompleteNs!.Value - o.InvokeNs);
                Log($"final reads done in {(clock.Elapsed - finalStart).TotalSeconds:0.0} s" +
                    (slowest is null ? "" : $"; slowest {(slowest.CompleteNs!.Value - slowest.InvokeNs) / 1e9:0.00} s on {slowest.Node}"));
                await ConvergeAsync(executor, cluster, recorder, convergence, Log, abort);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            report.InfrastructureError = "interrupted";
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
        {
            report.InfrastructureError ??= $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            report.History = recorder.Snapshot();
            Log("stopping the nodes");
            await cluster.DisposeAsync();
            report.UnplannedExits = cluster.Supervisor.Exits.ToList();
        }

        report.Elapsed = clock.Elapsed;
        Log($"checking {report.History.Count} operations");
        report.Checks = HistoryChecker.Check(report.History);
        report.Checks.Results.Add(convergence);
        report.Checks.Results.Add(progress);
        if (!report.Passed || options.Keep) report.SavedTo = Save(report, root);
        TryDelete(root);
        return report;
    }

    private static async Task ClientAsync(int client, Random rng, OperationExecutor executor, KeyPool pool, IReadOnlyList<NodeProcess> nodes,
        bool retryElsewhere, CancellationToken stop, CancellationToken abort)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            var node = nodes[rng.Next(nodes.Count)];
            var op = pool.Next(rng, client);
            var attempts = new List<Operation> { op };
            try
            {
                await executor.ExecuteAsync(op, node, abort);
                while (retryElsewhere && attempts.Count <= IdempotentRetry.MaxRetries && IdempotentRetry.ShouldRetry(attempts[^1]) && !stop.IsCancellationRequested)
                {
                    var again = IdempotentRetry.Resend(attempts[^1]);
                    attempts.Add(again);
                    await executor.ExecuteAsync(again, IdempotentRetry.OtherNode(nodes, n => n.Id, attempts[^2].Node, rng), abort);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            foreach (var attempt in attempts) pool.Completed(attempt);
            try
            {
                await Task.Delay(rng.Next(5, 30), stop); // think time: keeps the load modest on two cores
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits for a leader once every fault is healed. None within the heal timeout is the
    /// cluster's failure (liveness lost, e.g. a configuration whose voters cannot reach each
    /// other), so it fails the convergence check rather than counting as a run that could not be run.
    /// </summary>
    private static async Task<bool> LeaderAfterHealingAsync(ChaosCluster cluster, CheckResult convergence, CancellationToken abort)
    {
        try
        {
            await cluster.WaitForLeaderAsync(HealTimeout, abort);
            return true;
        }
        catch (TimeoutException e)
        {
            convergence.Violation($"no leader within {HealTimeout.TotalSeconds:0} s of healing every fault: {e.Message}");
            return false;
        }
    }

    /// <summary>Sends op (a fresh copy per attempt) to node after node until it is answered Ok.</summary>
    private static async Task<Operation?> FinalReadAsync(OperationExecutor executor, ChaosCluster cluster, Operation template, TimeSpan timeout,
        CancellationToken abort, bool acceptCreate = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        var attempt = 0;
        while (DateTime.UtcNow < deadline)
        {
            var node = cluster.Nodes[(template.Id + attempt++) % cluster.Nodes.Count];
            var op = template.Clone();
            await executor.ExecuteAsync(op, node, abort);
            if (op.IsOk && (!acceptCreate || op.Http is 201 or 409)) return op;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)), abort);
        }
        throw new TimeoutException($"no Ok answer within {timeout.TotalSeconds:0} s for {template}");
    }

    /// <summary>One more linearizable read of every key, so a write lost at the very end is seen.</summary>
    private static async Task<List<Operation>> FinalReadsAsync(OperationExecutor executor, ChaosCluster cluster, KeyPool pool, CancellationToken abort)
    {
        var reads = new List<Operation>();
        foreach (var p in pool.AllPrinters) reads.Add(new Operation { Process = -1, Kind = OpKind.ReadPrinter, Key = $"printer:{p}", PrinterId = p });
        foreach (var f in pool.AllFilaments)
        {
            reads.Add(new Operation { Process = -1, Kind = OpKind.ReadFilament, Key = f.Key, FilamentId = f.Id });
            reads.Add(new Operation { Process = -1, Kind = OpKind.ListJobs, Key = f.Key, FilamentId = f.Id });
        }
        var next = -1;
        var done = new Operation?[reads.Count];
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < reads.Count)
            {
                reads[i].Id = i;
                done[i] = await FinalReadAsync(executor, cluster, reads[i], HealTimeout, abort);
            }
        });
        await Task.WhenAll(workers);
        return done.OfType<Operation>().ToList();
    }

    /// <summary>
    /// Polls every node's local state (printers, filaments, jobs) until all report the same
    /// applied index, at least that of every acknowledged write; then their states must be equal.
    /// </summary>
    private static async Task ConvergeAsync(OperationExecutor executor, ChaosCluster cluster, HistoryRecorder recorder, CheckResult result,
        Action<string> log, CancellationToken abort)
    {
        var needed = recorder.Snapshot().Where(o => o.IsOk && !o.IsRead && o.AppliedIndex is not null).Select(o => o.AppliedIndex!.Value).DefaultIfEmpty(0).Max();
        var last = "";
        var polls = 0;
        Converged converged;
        try
        {
            converged = await Eventually.Get(async () =>
            {
                polls++;
                var dumps = new List<(NodeProcess Node, Operation[] Lists)>();
                foreach (var node in cluster.Nodes)
                {
                    var lists = new List<Operation>();
                    foreach (var kind in new[] { OpKind.ListPrinters, OpKind.ListFilaments, OpKind.ListJobs })
                        lists.Add(await executor.ExecuteAsync(new Operation { Process = -2, Kind = kind, Local = true }, node, abort));
                    dumps.Add((node, [.. lists]));
                }
                var indexes = dumps.SelectMany(d => d.Lists.Select(l => l.IsOk ? l.AppliedIndex : null)).Distinct().ToList();
                last = string.Join("; ", dumps.Select(d => $"{d.Node.Id} at {string.Join("/", d.Lists.Select(l => l.IsOk ? l.AppliedIndex?.ToString(CultureInfo.InvariantCulture) : l.Error))}"));
                return indexes is [{ } index] && index >= needed ? new Converged(index, dumps) : null;
            }, HealTimeout, () => "one applied index on every node", TimeSpan.FromMilliseconds(250), abort);
        }
        catch (TimeoutException e)
        {
            result.Violation($"the nodes did not reach one applied index >= {needed} within {HealTimeout.TotalSeconds:0} s of healing: {last}" +
                (e.InnerException is { } error ? $" (last error: {error.Message})" : ""));
            return;
        }
        result.Scope = $"{cluster.Nodes.Count} nodes at index {converged.Index} (acknowledged writes up to {needed})";
        var reference = Fingerprint(converged.Dumps[0].Lists);
        foreach (var (node, lists) in converged.Dumps.Skip(1))
        {
            if (Fingerprint(lists) != reference)
                result.Violation($"{node.Id}'s state at index {converged.Index} differs from {converged.Dumps[0].Node.Id}'s");
        }
        log($"converged after {polls} poll(s): {last}");
    }

    /// <summary>Every node's three lists, all at one applied index.</summary>
    private sealed record Converged(long Index, List<(NodeProcess Node, Operation[] Lists)> Dumps);

    private static string Fingerprint(Operation[] lists) => JsonSerializer.Serialize(new object?[] { lists[0].Printers, lists[1].Filaments, lists[2].Jobs }, HistoryFile.Json);

    private string Save(ChaosReport report, string root)
    {
        var folder = Path.Combine(options.OutputRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{report.Seed}");
        Directory.CreateDirectory(folder);
        HistoryFile.Save(Path.Combine(folder, "history.jsonl"), report.History);
        var explained = report.Checks.NonLinearizable.Select(r => r.Explain());
        File.WriteAllText(Path.Combine(folder, "report.txt"), report.Summary() + Environment.NewLine + string.Join(Environment.NewLine + Environment.NewLine, explained));
        foreach (var sub in new[] { "logs", "out" })
        {
            var from = Path.Combine(root, sub);
            if (!Directory.Exists(from)) continue;
            var to = Path.Combine(folder, sub);
            Directory.CreateDirectory(to);
            foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
        var config = Path.Combine(root, "cluster.conf");
        if (File.Exists(config)) File.Copy(config, Path.Combine(folder, "cluster.conf"), overwrite: true);
        return folder;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
