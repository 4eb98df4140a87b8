using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Tests.Hosting;
using Raft3D.Consensus.Tests.Node;

namespace Raft3D.Consensus.Tests.Diagnostics;

[Collection(MetricsCollection.Name)]
public sealed class RaftNodeMetricsTests
{
    [Theory]
    [InlineData(typeof(ProposeOutcome.Applied), "applied")]
    [InlineData(typeof(ProposeOutcome.NoLeader), "no_leader")]
    [InlineData(typeof(ProposeOutcome.OutcomeUnknown), "outcome_unknown")]
    [InlineData(typeof(ReadOutcome<int>.Served), "served")]
    [InlineData(typeof(StatusOutcome.NoAnswer), "no_answer")]
    public void An_outcome_is_labelled_by_its_type_in_snake_case(Type outcome, string label) =>
        Assert.Equal(label, RaftNodeMetrics.OutcomeName(outcome));

    [Fact]
    public async Task Every_call_through_the_node_is_counted_by_outcome_and_timed()
    {
        var calls = new ConcurrentDictionary<string, long>();
        var timed = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RaftMetrics.MeterName && instrument.Name.StartsWith("raft3d.node.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => calls.AddOrUpdate(Key(tags), value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) => timed.AddOrUpdate(Key(tags), 1, (_, n) => n + 1));
        listener.Start();

        await using var cluster = RaftTestCluster.Start(1);
        await cluster.AwaitLeaderAsync();
        using var raft = RaftNodes.For(cluster.Nodes[0]);
        Assert.IsType<ProposeOutcome.Applied>(await raft.ProposeAsync(Encoding.UTF8.GetBytes("counted")));
        await raft.ReadAsync((IStateMachine _) => 1, ReadConsistency.Local);
        await raft.StatusAsync();

        Assert.Equal(1, calls.GetValueOrDefault("n1 propose applied"));
        Assert.Equal(1, calls.GetValueOrDefault("n1 read_local served"));
        Assert.Equal(1, calls.GetValueOrDefault("n1 status known"));
        Assert.Equal(1, timed.GetValueOrDefault("n1 propose "));
    }

    private static string Key(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string node = "", call = "", outcome = "";
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "node": node = (string)tag.Value!; break;
                case "call": call = (string)tag.Value!; break;
                case "outcome": outcome = (string)tag.Value!; break;
            }
        }
        return $"{node} {call} {outcome}";
    }
}
