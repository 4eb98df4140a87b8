using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Metrics;

/// <summary>
/// One write's spans, sent to a follower of a real 3-node cluster (Akka.Remote between the
/// nodes): the HTTP side's propose, the follower's forward and the leader's replicate and
/// journal write all share one trace. A listener in the test stands in for the OTLP exporter.
/// </summary>
public sealed class WriteTraceTests
{
    [Fact]
    public async Task A_write_sent_to_a_follower_is_one_trace_from_the_request_to_the_leader_journal()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RaftTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var cluster = await TestCluster.StartAsync();
        var leader = await cluster.LeaderAsync();
        var follower = await cluster.FollowerAsync();

        var answer = await follower.PostAsync("/api/v1/printers", """{"id":"traced","company":"Prusa","model":"MK4"}""");
        answer.Is(HttpStatusCode.Created);

        // The propose span of this write: the one the follower forwarded (the cluster's start and
        // other tests in this process make writes, and spans, of their own).
        var propose = await Eventually.Get(() => Task.FromResult(spans.FirstOrDefault(s => s.OperationName == "raft3d.propose" &&
                spans.Any(f => f.OperationName == "raft.forward" && f.ParentSpanId == s.SpanId && Equals(f.GetTagItem("raft.node"), follower.Id)))),
            TimeSpan.FromSeconds(20), "the propose span of the HTTP side");
        var trace = propose.TraceId;
        var inTrace = await Eventually.Get(() =>
        {
            var found = spans.Where(s => s.TraceId == trace).ToList();
            return Task.FromResult(found.Any(s => s.OperationName == "raft.replicate") && found.Any(s => s.OperationName == "raft.journal.write") ? found : null);
        }, TimeSpan.FromSeconds(20), () => $"the leader's spans in trace {trace}; seen: {string.Join(", ", spans.Select(s => $"{s.OperationName}@{s.TraceId}"))}");

        var forward = Assert.Single(inTrace, s => s.OperationName == "raft.forward");
        var replicate = Assert.Single(inTrace, s => s.OperationName == "raft.replicate");
        var journal = Assert.Single(inTrace, s => s.OperationName == "raft.journal.write");
        Assert.Equal((propose.SpanId, follower.Id, leader.Id), (forward.ParentSpanId, forward.GetTagItem("raft.node"), forward.GetTagItem("raft.leader")));
        Assert.Equal((forward.SpanId, leader.Id), (replicate.ParentSpanId, replicate.GetTagItem("raft.node")));
        Assert.Equal(replicate.SpanId, journal.ParentSpanId);
        Assert.Contains(replicate.Events, e => e.Name == "applied");
        Assert.Equal(ActivityStatusCode.Unset, replicate.Status);
    }
}
