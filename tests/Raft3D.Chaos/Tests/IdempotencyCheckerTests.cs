using Raft3D.Chaos.Checker;
using Raft3D.Chaos.History;
using Raft3D.Chaos.Workload;

namespace Raft3D.Chaos.Tests;

/// <summary>One effect per Idempotency-Key, and which unknown outcomes a client resends elsewhere.</summary>
public sealed class IdempotencyCheckerTests
{
    [Fact]
    public void A_retry_answered_with_the_first_outcome_passes()
    {
        var history = Ops.Renumber(
            Ops.CreateJob("f", "j1", 10, 1, null),
            Ops.CreateJob("f", "j1", 10, 2, 3, http: 201, replayed: true));
        Assert.True(IdempotencyChecker.Check(history).Passed);
    }

    [Fact]
    public void Two_attempts_of_one_key_that_both_applied_fail()
    {
        var history = Ops.Renumber(
            Ops.CreateJob("f", "j1", 10, 1, 2, http: 201),
            Ops.CreateJob("f", "j1", 10, 3, 4, http: 201));
        var result = IdempotencyChecker.Check(history);
        Assert.False(result.Passed);
        Assert.Contains("2 attempts applied", result.Violations[0]);
    }

    [Fact]
    public void Attempts_of_one_key_answered_differently_fail()
    {
        var history = Ops.Renumber(
            Ops.CreateJob("f", "j1", 10, 1, 2, http: 201),
            Ops.CreateJob("f", "j1", 10, 3, 4, http: 409, error: "taken"));
        var result = IdempotencyChecker.Check(history);
        Assert.False(result.Passed);
        Assert.Contains("answered 201 and 409", result.Violations[0]);
    }

    [Theory]
    [InlineData("timeout", true)]
    [InlineData("broken", true)]
    [InlineData("outcome-unknown", true)]
    [InlineData("unexpected", false)]
    public void Only_a_keyed_write_with_an_unknown_outcome_is_resent(string error, bool resent)
    {
        var op = Ops.CreateJob("f", "j1", 10, 1, 2, http: null);
        op.Error = error;
        Assert.Equal(resent, IdempotentRetry.ShouldRetry(op));
    }

    [Fact]
    public void A_write_without_a_key_or_a_read_is_never_resent()
    {
        var unkeyed = Ops.CreateJob("f", "j1", 10, 1, null, key: null);
        unkeyed.Error = "timeout";
        var read = Ops.ReadFilament("f", 100, 100, 0, 1, 2);
        read.Type = OpType.Info;
        read.Error = "timeout";
        read.IdempotencyKey = "k";
        Assert.False(IdempotentRetry.ShouldRetry(unkeyed));
        Assert.False(IdempotentRetry.ShouldRetry(read));
    }

    [Fact]
    public void A_resend_goes_to_another_node_with_the_same_key()
    {
        var op = Ops.CreateJob("f", "j1", 10, 1, null);
        var again = IdempotentRetry.Resend(op);
        Assert.Equal(op.IdempotencyKey, again.IdempotencyKey);
        Assert.Equal(op.JobId, again.JobId);
        Assert.Equal(OpType.Pending, again.Type);
        var other = IdempotentRetry.OtherNode(["node1", "node2", "node3"], n => n, "node2", new Random(7));
        Assert.NotEqual("node2", other);
    }
}
