using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;

namespace Raft3D.Consensus.Diagnostics;

/// <summary>
/// What the host's calls into Raft cost and how they end, measured at the one seam they all pass:
/// <see cref="Hosting.RaftNode"/>. Each call is counted by its outcome (the result type's name:
/// applied, no_leader, outcome_unknown, ...) and timed, under meter <see cref="RaftMetrics.MeterName"/>
/// beside the server's own instruments. Measuring a new call is one <see cref="MeasureAsync{T}"/>.
/// </summary>
public sealed class RaftNodeMetrics : IDisposable
{
    /// <summary>From a local read (tens of microseconds) to a write that waits out a request timeout.</summary>
    private static readonly double[] DurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly ConcurrentDictionary<Type, string> OutcomeNames = new();

    private readonly Meter _meter = new(RaftMetrics.MeterName);
    private readonly KeyValuePair<string, object?> _node;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public RaftNodeMetrics(string nodeId)
    {
        _node = new("node", nodeId);
        _calls = _meter.CreateCounter<long>("raft3d.node.calls", "{call}",
            "Calls into Raft by the host (label call: propose, read, status, add_member, ...; label outcome: applied, no_leader, outcome_unknown, ...)");
        _duration = _meter.CreateHistogram("raft3d.node.call.duration", "s", "From a call into Raft to its answer, retries included (label call)",
            null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Runs call, then counts it under its outcome (cancelled, or failed when it throws) and records how long it took.</summary>
    public async Task<T> MeasureAsync<T>(string call, Func<Task<T>> work) where T : notnull
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await work();
            outcome = OutcomeName(result.GetType());
            return result;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            Record(call, outcome, started);
        }
    }

    /// <summary>Counts a call that began at started (a <see cref="Stopwatch"/> timestamp) under outcome, and records how long it took.</summary>
    public void Record(string call, string outcome, long started)
    {
        KeyValuePair<string, object?> callTag = new("call", call);
        _calls.Add(1, _node, callTag, new("outcome", outcome));
        _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _node, callTag);
    }

    /// <summary>"OutcomeUnknown" → "outcome_unknown": the label Prometheus style expects.</summary>
    internal static string OutcomeName(Type outcome) => OutcomeNames.GetOrAdd(outcome, static type =>
    {
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) snake.Append('_');
            snake.Append(char.ToLowerInvariant(name[i]));
        }
        return snake.ToString();
    });

    public void Dispose() => _meter.Dispose();
}
