using System.Diagnostics.Metrics;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.PrintFarm.Model;
using Raft3D.Server.Api;
using Raft3D.Server.Hosting;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Diagnostics;

/// <summary>
/// The "Raft3D.Server" meter: the print farm as this node has applied it. A scrape counts
/// <see cref="FarmTotals"/> on the newest published view of the farm (a local read through
/// <see cref="FarmViewReader"/>: a walk of the view on the scrape's thread, never the Raft
/// actor's) and keeps the count briefly, so one scrape costs one walk however many gauges it
/// reads, and a node nobody scrapes pays nothing.
/// </summary>
public sealed class FarmMetrics : IDisposable
{
    public const string MeterName = "Raft3D.Server";

    /// <summary>A scrape's gauges are read one after another: they share one count of the farm.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a scrape waits for the actor before it reports the previous count.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(500);

    private readonly FarmViewReader _views;
    private readonly Meter _meter = new(MeterName);
    private readonly KeyValuePair<string, object?> _node;
    private readonly Lock _lock = new();
    private FarmTotals? _totals;
    private DateTime _countedAt;
    private Task? _counting;

    public FarmMetrics(FarmViewReader views, NodeOptions node)
    {
        _views = views;
        _node = new("node", node.NodeId);
        _meter.CreateObservableGauge("raft3d.farm.printers", () => Measure(t => t.Printers), "{printer}", "Printers in the farm");
        _meter.CreateObservableGauge("raft3d.farm.filaments", () => Measure(t => t.Filaments), "{spool}", "Filament spools in the farm");
        _meter.CreateObservableGauge("raft3d.farm.jobs", JobMeasurements, "{job}", "Print jobs by status (label status)");
        _meter.CreateObservableGauge("raft3d.farm.filament.remaining", () => Measure(t => t.RemainingGrams), "g",
            "Filament left on all spools, reserved grams included");
        _meter.CreateObservableGauge("raft3d.farm.filament.reserved", () => Measure(t => t.ReservedGrams), "g",
            "Filament held by queued and running jobs");
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Measure(Func<FarmTotals, long> value) =>
        Current() is { } totals ? [new Measurement<long>(value(totals), _node)] : [];

    private IEnumerable<Measurement<long>> JobMeasurements()
    {
        if (Current() is not { } totals) yield break;
        foreach (var (status, count) in totals.Jobs)
            yield return new Measurement<long>(count, _node, new("status", status.ToString().ToLowerInvariant()));
    }

    /// <summary>The farm's totals, counted within <see cref="Fresh"/>, or the last count if the actor is slow to answer.</summary>
    private FarmTotals? Current()
    {
        Task counting;
        lock (_lock)
        {
            if (_totals is not null && DateTime.UtcNow - _countedAt < Fresh) return _totals;
            if (_counting is null || _counting.IsCompleted) _counting = CountAsync();
            counting = _counting;
        }
        // Observable callbacks are synchronous; the wait is bounded so a busy actor only makes a scrape report older numbers.
        counting.Wait(Wait);
        lock (_lock) return _totals;
    }

    private async Task CountAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var read = await _views.ReadAsync(ReadConsistency.Local, timeout.Token);
            if (read is not ReadOutcome<AppliedView>.Served { Value: var view }) return;
            // The walk runs here, on the view, off the Raft actor's thread.
            var totals = FarmTotals.Of(view.Farm);
            lock (_lock)
            {
                _totals = totals;
                _countedAt = DateTime.UtcNow;
            }
        }
        catch (Exception)
        {
            // The node is stopping or stuck (or the actor failed the read): a scrape must not
            // fail for it, the gauges keep the last count.
        }
    }
}
