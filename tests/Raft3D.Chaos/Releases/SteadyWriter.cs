using System.Collections.Concurrent;
using System.Net;
using Raft3D.Testing;

namespace Raft3D.Chaos.Releases;

/// <summary>
/// Creates printers one after another through every running node in turn, each with an
/// Idempotency-Key that its retries (on the next node) repeat, and remembers every one a node
/// acknowledged (201) with the fields it acknowledged, and every answer it got that was not.
/// </summary>
public sealed class SteadyWriter(MixedCluster cluster, NodeHttp http, string prefix)
{
    private readonly ConcurrentDictionary<string, (string Company, string Model)> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new();

    public IReadOnlyDictionary<string, (string Company, string Model)> Acknowledged => _acknowledged;

    /// <summary>Answers that were neither 201 nor a 503 a client retries, e.g. "node2 500: ...": must stay empty.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>503s (no leader while a node restarts) and unreachable nodes, by kind: expected now and then.</summary>
    public IReadOnlyDictionary<string, int> Retries => _refusals;

    public async Task RunAsync(CancellationToken stop)
    {
        var next = 0;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"{prefix}-{n}";
            var fields = (Company: $"c{n % 7}", Model: $"m{n}");
            for (var attempt = 0; attempt < 40 && !stop.IsCancellationRequested; attempt++)
            {
                var node = NextRunning(ref next);
                if (node == 0)
                {
                    // Every node is down at this moment: wait until one runs again.
                    await Eventually.True(() => Task.FromResult(Enumerable.Range(1, cluster.Count).Any(i => cluster.Release(i) is not null)),
                        TimeSpan.FromSeconds(60), () => "a node of the cluster running again", TimeSpan.FromMilliseconds(100));
                    continue;
                }
                var answer = await http.PostAsync(cluster.Uri(node), "/api/v1/printers", new { id, company = fields.Company, model = fields.Model }, idempotencyKey: $"w-{id}");
                if (answer?.Status == HttpStatusCode.Created)
                {
                    _acknowledged[id] = fields;
                    break;
                }
                if (answer is null || answer.Status == HttpStatusCode.ServiceUnavailable)
                {
                    _refusals.AddOrUpdate(answer is null ? "unreachable" : "503", 1, (_, c) => c + 1);
                    await Task.Delay(50, CancellationToken.None);
                    continue;
                }
                Errors.Enqueue($"{cluster.Id(node)} ({cluster.Release(node)}) {(int)answer.Status}: {answer.Text}");
                break;
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private int NextRunning(ref int next)
    {
        for (var k = 0; k < cluster.Count; k++)
        {
            next = next % cluster.Count + 1;
            if (cluster.Release(next) is not null) return next;
        }
        return 0;
    }
}
