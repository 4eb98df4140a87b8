using System.Diagnostics;
using Akka.Actor;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Hosting;

/// <summary>
/// The front door to one Raft server (what hashicorp/raft's Raft type is to its FSM): propose,
/// read, membership, leadership transfer, snapshots and status, each with a typed outcome and
/// no Akka type in sight. Every call is bounded by <see cref="RaftNodeOptions"/>: a timeout is an
/// outcome (no leader, or outcome unknown when a write may have been appended), never an
/// exception; cancellation throws <see cref="OperationCanceledException"/> as usual. Any server
/// takes any call: a follower forwards writes and membership changes to the leader it knows.
/// Thread-safe; one per server. Get it from DI after <see cref="RaftHostingExtensions.AddRaftNode"/>.
/// </summary>
public sealed class RaftNode : IDisposable
{
    /// <summary>Below this, an ask could not get an answer back in time: give up before sending.</summary>
    private static readonly TimeSpan MinimumAsk = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly Func<CancellationToken, ValueTask<IActorRef>> _raft;
    private readonly RaftNodeMetrics _metrics;

    /// <param name="raft">The Raft actor (its running incarnation, or the supervisor that forwards to it), once it exists.</param>
    internal RaftNode(string nodeId, Func<CancellationToken, ValueTask<IActorRef>> raft, RaftNodeOptions options)
    {
        NodeId = nodeId;
        Options = options;
        _raft = raft;
        _metrics = new RaftNodeMetrics(nodeId);
    }

    public string NodeId { get; }

    public RaftNodeOptions Options { get; }

    /// <summary>
    /// Replicates command and applies it on every server (§5.3), retrying inside the request
    /// timeout while no leader is known. Only <see cref="ProposeOutcome.Applied"/> means applied;
    /// after <see cref="ProposeOutcome.OutcomeUnknown"/> the state machine must recognise a retry
    /// (a client id in the command) to apply it at most once.
    /// </summary>
    public Task<ProposeOutcome> ProposeAsync(byte[] command, CancellationToken cancellationToken = default)
    {
        var activity = RaftTracing.Propose();
        return AskWhileNoLeaderAsync<ProposeResult, ProposeOutcome>("propose", activity,
            new Propose(command) { TraceParent = activity?.Id },
            static result => result switch
            {
                ProposeResult.Applied applied => new ProposeOutcome.Applied(applied.Index, applied.Result),
                ProposeResult.NoLeader noLeader => new ProposeOutcome.NoLeader(noLeader.Reason),
                ProposeResult.Overloaded overloaded => new ProposeOutcome.Overloaded(overloaded.Reason),
                ProposeResult.OutcomeUnknown unknown => new ProposeOutcome.OutcomeUnknown(unknown.Reason),
                _ => throw new InvalidOperationException($"unexpected answer {result.GetType().Name}"),
            },
            static outcome => outcome is ProposeOutcome.NoLeader,
            static reason => new ProposeOutcome.NoLeader(reason ?? "no leader was found within the request timeout"),
            static timeout => new ProposeOutcome.OutcomeUnknown($"the cluster did not answer within {Seconds(timeout)} s"),
            Options.RequestTimeout, cancellationToken);
    }

    /// <summary>
    /// Runs query against this server's state machine: for Linearizable once a leader confirmed
    /// it still leads and this server applied up to that leader's commit index (ReadIndex, thesis
    /// §6.4), retrying inside the request timeout while no leader is known; for Local at once.
    /// The query runs on Raft's thread: keep it short, and return copies, not live state.
    /// </summary>
    public Task<ReadOutcome<T>> ReadAsync<T>(Func<IStateMachine, T> query, ReadConsistency consistency,
        CancellationToken cancellationToken = default) =>
        ServeReadAsync<T>(consistency == ReadConsistency.Local ? "read_local" : "read",
            new Read(machine => query(machine), consistency), cancellationToken);

    /// <summary><see cref="ReadAsync{T}(Func{IStateMachine, T}, ReadConsistency, CancellationToken)"/> on the host's own state machine type.</summary>
    public Task<ReadOutcome<T>> ReadAsync<TStateMachine, T>(Func<TStateMachine, T> query, ReadConsistency consistency,
        CancellationToken cancellationToken = default) where TStateMachine : IStateMachine =>
        ReadAsync(machine => query((TStateMachine)machine), consistency, cancellationToken);

    /// <summary>
    /// The state machine captured at an applied index confirmed like a read, for a backup: it
    /// holds every write acknowledged before the call. Serialise it off Raft's thread.
    /// </summary>
    public Task<ReadOutcome<StateCaptured>> CaptureStateAsync(ReadConsistency consistency = ReadConsistency.Linearizable,
        CancellationToken cancellationToken = default) =>
        ServeReadAsync<StateCaptured>("capture_state", new CaptureState(consistency), cancellationToken);

    /// <summary>This server's view of itself and, on the leader, of its followers.</summary>
    public Task<StatusOutcome> StatusAsync(CancellationToken cancellationToken = default) =>
        _metrics.MeasureAsync("status", async () =>
        {
            var raft = await _raft(cancellationToken);
            try
            {
                return new StatusOutcome.Known(await raft.Ask<RaftStatus>(GetStatus.Instance, Options.RequestTimeout, cancellationToken));
            }
            catch (AskTimeoutException)
            {
                return (StatusOutcome)new StatusOutcome.NoAnswer("the Raft server did not answer in time (still recovering its journal?)");
            }
        });

    /// <summary>
    /// Adds a server through the log (thesis §4.1) as a learner; the leader promotes it to voter
    /// once it has caught up (§4.2.1). Adding a present member with the same addresses is a no-op.
    /// </summary>
    public Task<MembershipOutcome> AddMemberAsync(Member member, CancellationToken cancellationToken = default) =>
        _metrics.MeasureAsync("add_member", () => ChangeMembershipAsync(new AddMember(member), cancellationToken));

    /// <summary>Removes a server through the log (thesis §4.1). Removing a non-member is a no-op.</summary>
    public Task<MembershipOutcome> RemoveMemberAsync(string id, CancellationToken cancellationToken = default) =>
        _metrics.MeasureAsync("remove_member", () => ChangeMembershipAsync(new RemoveMember(id), cancellationToken));

    /// <summary>Hands leadership to the voter `to`, or to the most up-to-date voter when null (thesis §3.10).</summary>
    public Task<TransferOutcome> TransferLeadershipAsync(string? to, CancellationToken cancellationToken = default) =>
        _metrics.MeasureAsync("transfer_leadership", async () =>
        {
            var raft = await _raft(cancellationToken);
            try
            {
                return await raft.Ask<TransferResult>(new TransferLeadership(to), Options.ClusterTimeout, cancellationToken) switch
                {
                    TransferResult.Done done => new TransferOutcome.Done(done.NewLeader, done.Term),
                    TransferResult.Rejected rejected => new TransferOutcome.Rejected(rejected.Reason),
                    TransferResult.NoLeader noLeader => new TransferOutcome.NoLeader(noLeader.Reason),
                    var other => (TransferOutcome)new TransferOutcome.Rejected($"unexpected answer {other.GetType().Name}"),
                };
            }
            catch (AskTimeoutException)
            {
                return new TransferOutcome.OutcomeUnknown($"the transfer was not confirmed within {Seconds(Options.ClusterTimeout)} s");
            }
        });

    /// <summary>Snapshots this server's applied state now and compacts its log (§7).</summary>
    public Task<SnapshotOutcome> TakeSnapshotAsync(CancellationToken cancellationToken = default) =>
        _metrics.MeasureAsync("take_snapshot", async () =>
        {
            var raft = await _raft(cancellationToken);
            try
            {
                var taken = await raft.Ask<SnapshotTaken>(TakeSnapshot.Instance, Options.ClusterTimeout, cancellationToken);
                return new SnapshotOutcome.Taken(taken.Index, taken.Term, taken.Bytes);
            }
            catch (AskTimeoutException)
            {
                return new SnapshotOutcome.NoAnswer($"the snapshot was not saved within {Seconds(Options.ClusterTimeout)} s");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The actor answered with the failure of the capture, serialisation or save.
                return (SnapshotOutcome)new SnapshotOutcome.Failed(e.Message);
            }
        });

    public void Dispose() => _metrics.Dispose();

    private async Task<MembershipOutcome> ChangeMembershipAsync(object change, CancellationToken cancellationToken)
    {
        var raft = await _raft(cancellationToken);
        try
        {
            return await raft.Ask<MembershipResult>(change, Options.ClusterTimeout, cancellationToken) switch
            {
                MembershipResult.Done done => new MembershipOutcome.Done(done.Index, done.Configuration),
                MembershipResult.Rejected rejected => new MembershipOutcome.Rejected(rejected.Reason),
                MembershipResult.NoLeader noLeader => new MembershipOutcome.NoLeader(noLeader.Reason),
                MembershipResult.OutcomeUnknown unknown => new MembershipOutcome.OutcomeUnknown(unknown.Reason),
                var other => (MembershipOutcome)new MembershipOutcome.Rejected($"unexpected answer {other.GetType().Name}"),
            };
        }
        catch (AskTimeoutException)
        {
            return new MembershipOutcome.OutcomeUnknown($"the membership change was not confirmed within {Seconds(Options.ClusterTimeout)} s; it may still commit");
        }
    }

    /// <summary>Asks for a read (answered with a <see cref="ReadResult"/>), retried while no leader is known.</summary>
    private Task<ReadOutcome<T>> ServeReadAsync<T>(string call, object read, CancellationToken cancellationToken) =>
        AskWhileNoLeaderAsync<ReadResult, ReadOutcome<T>>(call, null, read,
            static result => result switch
            {
                // The one cast of a read's value: the query that made it returned a T.
                ReadResult.Served served => new ReadOutcome<T>.Served((T)served.Value!, served.AppliedIndex),
                ReadResult.NoLeader noLeader => new ReadOutcome<T>.NoLeader(noLeader.Reason),
                _ => throw new InvalidOperationException($"unexpected answer {result.GetType().Name}"),
            },
            static outcome => outcome is ReadOutcome<T>.NoLeader,
            static reason => new ReadOutcome<T>.NoLeader(reason ?? "no leader could confirm the read within the request timeout"),
            static timeout => new ReadOutcome<T>.NoLeader($"no leader confirmed the read within {Seconds(timeout)} s"),
            Options.RequestTimeout, cancellationToken);

    /// <summary>
    /// The one retry loop: asks, and while the answer is "no leader" (nothing was appended, so
    /// asking again is safe) asks again after a growing pause, until timeout has passed. A server
    /// that knows the leader forwards the request itself, so this only waits out elections.
    /// Measured here as call, and the call's activity (if any) ended here with its outcome, not
    /// through <see cref="RaftNodeMetrics.MeasureAsync{T}"/> and an async caller: every write and
    /// read passes, and one async method per request costs less than three. For the same reason
    /// the delegates are static (cached) and the request is one message, sent again on a retry
    /// (it is immutable).
    /// </summary>
    private async Task<TOutcome> AskWhileNoLeaderAsync<TAnswer, TOutcome>(string call, Activity? activity, object request, Func<TAnswer, TOutcome> outcomeOf,
        Func<TOutcome, bool> isNoLeader, Func<string?, TOutcome> gaveUp, Func<TimeSpan, TOutcome> noAnswer, TimeSpan timeout,
        CancellationToken cancellationToken) where TOutcome : notnull
    {
        var started = Stopwatch.GetTimestamp();
        var ended = "failed";
        try
        {
            var raft = await _raft(cancellationToken);
            var delay = FirstRetryDelay;
            TOutcome outcome;
            while (true)
            {
                var remaining = timeout - Stopwatch.GetElapsedTime(started);
                if (remaining < MinimumAsk)
                {
                    outcome = gaveUp(null);
                    break;
                }
                var reply = RaftReply<TAnswer>.Tell(raft, request);
                try
                {
                    outcome = outcomeOf(await reply.Answer.WaitAsync(remaining, cancellationToken));
                }
                catch (TimeoutException)
                {
                    outcome = noAnswer(timeout);
                    break;
                }
                finally
                {
                    reply.Release();
                }
                if (!isNoLeader(outcome) || timeout - Stopwatch.GetElapsedTime(started) < delay + MinimumAsk) break;
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, MaxRetryDelay.TotalMilliseconds));
            }
            ended = RaftNodeMetrics.OutcomeName(outcome.GetType());
            activity?.AddEvent(new ActivityEvent(outcome.GetType().Name));
            return outcome;
        }
        catch (OperationCanceledException)
        {
            ended = "cancelled";
            throw;
        }
        finally
        {
            _metrics.Record(call, ended, started);
            activity?.Dispose();
        }
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
