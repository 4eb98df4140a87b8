using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Raft3D.Consensus.Diagnostics;

namespace Raft3D.Consensus.Tests.Diagnostics;

/// <summary>
/// Listens to every "Raft3D.Raft" instrument in the process, as an exporter would, and keeps
/// per series (instrument, node and the other labels): the sum of a counter's adds, the count
/// and sum of a histogram's records, the last value of a gauge (observed on <see cref="Observe"/>).
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, (double Sum, long Count, double Last)> _series = new();

    public MeterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RaftMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Reads every observable gauge now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>A counter's total, a histogram's number of records, or a gauge's last value, for a node (and a label).</summary>
    public double Value(string instrument, string node, string? label = null)
    {
        if (IsGauge(instrument))
        {
            Observe();
            return _series.TryGetValue(Key(instrument, node, label), out var gauge) ? gauge.Last : double.NaN;
        }
        return _series.TryGetValue(Key(instrument, node, label), out var s) ? (IsHistogram(instrument) ? s.Count : s.Sum) : 0;
    }

    public double HistogramSum(string instrument, string node, string? label = null) =>
        _series.TryGetValue(Key(instrument, node, label), out var s) ? s.Sum : 0;

    /// <summary>The labels (besides node) a gauge reported for a node at the last observation.</summary>
    public IReadOnlyList<string> Labels(string instrument, string node)
    {
        Observe();
        var prefix = $"{instrument}|{node}|";
        return _series.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length)
            .Select(k => k[prefix.Length..]).ToList();
    }

    public void Dispose() => _listener.Dispose();

    private static bool IsGauge(string instrument) => instrument is "raft3d.term" or "raft3d.is_leader" or "raft3d.role" or "raft3d.commit_index"
        or "raft3d.applied_index" or "raft3d.last_log_index" or "raft3d.replication.lag";

    private static bool IsHistogram(string instrument) => instrument is "raft3d.proposal.batch_size" or "raft3d.journal.write.duration"
        or "raft3d.snapshot.duration" or "raft3d.snapshot.size";

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string node = "", label = "";
        foreach (var tag in tags)
        {
            if (tag.Key == "node") node = (string)tag.Value!;
            else label = $"{tag.Key}={tag.Value}";
        }
        var gauge = IsGauge(instrument.Name);
        _series.AddOrUpdate(Key(instrument.Name, node, label.Length == 0 ? null : label), _ => (value, 1, value),
            (_, s) => gauge ? (value, 1, value) : (s.Sum + value, s.Count + 1, value));
    }

    private static string Key(string instrument, string node, string? label) => $"{instrument}|{node}|{label}";
}
