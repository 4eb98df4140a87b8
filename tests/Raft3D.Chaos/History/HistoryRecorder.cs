namespace Raft3D.Chaos.History;

/// <summary>Collects the operations of a run from every client thread, stamping invocations and completions.</summary>
public sealed class HistoryRecorder(MonotonicClock clock)
{
    private readonly List<Operation> _operations = [];

    public MonotonicClock Clock { get; } = clock;

    /// <summary>Stamps and records the operation as invoked, right before its request goes out.</summary>
    public Operation Invoke(Operation operation)
    {
        lock (_operations)
        {
            operation.Id = _operations.Count;
            operation.Type = OpType.Pending;
            operation.InvokeNs = Clock.NowNs;
            _operations.Add(operation);
        }
        return operation;
    }

    /// <summary>Stamps the completion right after the answer (or the error) came back.</summary>
    public void Complete(Operation operation, OpType type)
    {
        var now = Clock.NowNs;
        lock (_operations)
        {
            operation.CompleteNs = now;
            operation.Type = type;
        }
    }

    /// <summary>A copy of the history so far (operations still pending stay Pending).</summary>
    public List<Operation> Snapshot()
    {
        lock (_operations) return _operations.Select(o => o.Clone()).ToList();
    }
}
