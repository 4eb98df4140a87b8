using System.Text;
using Akka.Actor;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Tests.Node;
using Raft3D.Testing;

namespace Raft3D.Consensus.Tests.Diagnostics;

/// <summary>
/// The Raft meter across a supervisor restart of the actor, read through the OpenTelemetry SDK
/// as the server exports it: the SDK matches instruments by name, so a new incarnation's
/// instruments must not be tied to the stopped one's.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class RestartMetricsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raft3d-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task After_the_actor_restarts_the_exported_gauges_and_counters_go_on()
    {
        var exported = new List<MetricSnapshot>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(RaftMetrics.MeterName).AddInMemoryExporter(exported).Build()!;
        Directory.CreateDirectory(_folder);
        var node = new RaftTestNode("r1", Path.Combine(_folder, "r1.db"));
        node.StartSystem();
        try
        {
            var failOnce = new FailOnce("boom");
            node.StartRaft(RaftTestCluster.Options, RaftTestCluster.TickInterval, new ClusterConfiguration([node.Member], []), () => new FailingStateMachine(failOnce));
            for (var i = 0; i < 3; i++) await ProposeAsync(node, $"before-{i}");
            Assert.Equal(3, Collect(provider, exported, "raft3d.proposals.committed"));

            // Applying "boom" throws once: the supervisor restarts the actor, which recovers from its journal.
            node.Raft!.Tell(new Propose(Encoding.UTF8.GetBytes("boom")));
            await Eventually.True(() => Task.FromResult(failOnce.Failed), RaftTestCluster.Patience, "the state machine to fail");
            for (var i = 0; i < 2; i++) await ProposeAsync(node, $"after-{i}");

            var status = await node.StatusAsync();
            for (var scrape = 0; scrape < 3; scrape++)
            {
                Assert.Equal(status.CommitIndex, Collect(provider, exported, "raft3d.commit_index"));
                Assert.Equal(1, Collect(provider, exported, "raft3d.is_leader"));
                // The stopped incarnation's 3 and the new one's 2 add up in the one series.
                Assert.Equal(5, Collect(provider, exported, "raft3d.proposals.committed"));
            }
        }
        finally
        {
            await node.CrashAsync();
        }
    }

    private static async Task ProposeAsync(RaftTestNode node, string command) =>
        await Eventually.Get(async () => await node.Raft!.Ask<ProposeResult>(new Propose(Encoding.UTF8.GetBytes(command)), TimeSpan.FromSeconds(10))
            as ProposeResult.Applied, RaftTestCluster.Patience, $"{command} to be applied");

    /// <summary>Collects now and returns the one exported value of a long instrument (a sum or a last value).</summary>
    private static long Collect(MeterProvider provider, List<MetricSnapshot> exported, string name)
    {
        exported.Clear();
        Assert.True(provider.ForceFlush(10_000));
        var metric = exported.SingleOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException($"{name} was not exported");
        var point = Assert.Single(metric.MetricPoints);
        return metric.MetricType == MetricType.LongSum ? point.GetSumLong() : point.GetGaugeLastValueLong();
    }

    private sealed class FailOnce(string command)
    {
        private int _failed;

        public string Command { get; } = command;

        public bool Failed => Volatile.Read(ref _failed) == 1;

        public bool TryFail() => Interlocked.Exchange(ref _failed, 1) == 0;
    }

    /// <summary>The test state machine, except that applying the given command throws the first time.</summary>
    private sealed class FailingStateMachine(FailOnce failOnce) : IStateMachine
    {
        private readonly TestStateMachine _inner = new();

        public byte[] Apply(long index, ReadOnlySpan<byte> command)
        {
            if (Encoding.UTF8.GetString(command) == failOnce.Command && failOnce.TryFail()) throw new InvalidOperationException("failing once, on purpose");
            return _inner.Apply(index, command);
        }

        public byte[] Snapshot() => _inner.Snapshot();

        public IStateSnapshot CaptureSnapshot() => _inner.CaptureSnapshot();

        public void Restore(Stream snapshot) => _inner.Restore(snapshot);
    }
}
