using System.Collections.Concurrent;
using System.Text;

namespace Raft3D.Bench.Http;

/// <summary>
/// A print farm at work: jobs are created on a set of printers and filaments and moved through
/// their states — three in four Queued → Running → Done, the rest canceled (from Queued, or
/// from Running) — and one request in five reads back a recent job (linearizable). Each request
/// either advances a job waiting for its next step or, when none waits, creates a new one.
/// </summary>
public sealed class PrintFarmMix(ClusterClient client, TargetSet targets, string prefix, int printers, int filaments) : IWorkload
{
    private readonly ConcurrentQueue<(string Id, long Job, int Step)> _waiting = new();
    private readonly string?[] _recent = new string?[256];
    private long _jobs;
    private long _finished;

    public bool IsWrite => true;

    /// <summary>Jobs that reached Done or Canceled.</summary>
    public long Finished => Interlocked.Read(ref _finished);

    public async Task PrepareAsync()
    {
        var target = targets.HttpAddresses[0];
        for (var i = 0; i < printers; i++)
            await Create(target, "printers", $$"""{"id":"{{prefix}}-p{{i}}","company":"Prusa","model":"MK4"}""");
        for (var i = 0; i < filaments; i++)
            await Create(target, "filaments", $$"""{"id":"{{prefix}}-f{{i}}","type":"PLA","color":"red","total_weight_in_grams":2000000000}""");
    }

    private async Task Create(string target, string kind, string json)
    {
        var outcome = await client.SendAsync(HttpMethod.Post, $"{client.BaseUrl(target)}/api/v1/{kind}", ClusterClient.JsonContent(Encoding.UTF8.GetBytes(json)), true, CancellationToken.None);
        if (outcome != RequestOutcome.Succeeded) throw new InvalidOperationException($"could not prepare the print farm ({kind}): {outcome}");
    }

    public async Task<RequestOutcome> ExecuteAsync(long sequence, int slot, CancellationToken cancellationToken)
    {
        var baseUrl = targets.For(slot);
        RequestOutcome outcome;
        if (sequence % 5 == 4 && _recent[sequence / 5 % _recent.Length] is { } recent)
        {
            outcome = await client.SendAsync(HttpMethod.Get, $"{baseUrl}/api/v1/print_jobs/{recent}", null, false, cancellationToken);
        }
        else if (_waiting.TryDequeue(out var job))
        {
            var status = NextStatus(job.Job, job.Step);
            outcome = await client.SendAsync(HttpMethod.Post, $"{baseUrl}/api/v1/print_jobs/{job.Id}/status?status={status}", null, true, cancellationToken);
            if (outcome == RequestOutcome.Succeeded)
            {
                if (status == "running") _waiting.Enqueue((job.Id, job.Job, job.Step + 1));
                else Interlocked.Increment(ref _finished);
            }
        }
        else
        {
            var number = Interlocked.Increment(ref _jobs);
            var id = $"{prefix}-j{number}";
            var body = $$"""{"id":"{{id}}","printer_id":"{{prefix}}-p{{number % printers}}","filament_id":"{{prefix}}-f{{number % filaments}}","filepath":"models/benchy.gcode","print_weight_in_grams":1}""";
            outcome = await client.SendAsync(HttpMethod.Post, $"{baseUrl}/api/v1/print_jobs", ClusterClient.JsonContent(Encoding.UTF8.GetBytes(body)), true, cancellationToken);
            if (outcome == RequestOutcome.Succeeded)
            {
                _recent[number % _recent.Length] = id;
                _waiting.Enqueue((id, number, 0));
            }
        }
        if (outcome == RequestOutcome.Refused) targets.Refused(slot);
        return outcome;
    }

    /// <summary>Job n: n mod 4 = 0 is canceled while Queued, 1 canceled while Running, the rest run to Done.</summary>
    private static string NextStatus(long job, int step) => (job % 4, step) switch
    {
        (0, _) => "canceled",
        (1, 0) => "running",
        (1, _) => "canceled",
        (_, 0) => "running",
        _ => "done",
    };
}
