namespace Raft3D.Consensus.Node;

/// <summary>
/// Whether this node's journal works, shared by every incarnation of its Raft actor and read by
/// the host (readiness, the give-up watchdog). A failed write or recovery marks it failing; the
/// next write that succeeds, possibly by a later incarnation, clears it. Thread-safe.
/// </summary>
public sealed class JournalHealth(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private JournalFault? _fault;

    /// <summary>The fault in progress, or null while the journal works.</summary>
    public JournalFault? Fault
    {
        get
        {
            lock (_gate) return _fault;
        }
    }

    public bool IsFailing => Volatile.Read(ref _fault) is not null;

    /// <summary>A journal call failed: what was being done and the innermost cause.</summary>
    public void Failed(string operation, Exception cause)
    {
        var error = $"{operation}: {Innermost(cause)}";
        lock (_gate)
        {
            _fault = _fault is null
                ? new JournalFault(_clock.GetUtcNow(), error, 1)
                : _fault with { LastError = error, Failures = _fault.Failures + 1 };
        }
    }

    /// <summary>A write reached the disk: the journal works again.</summary>
    public void Wrote()
    {
        if (!IsFailing) return;
        lock (_gate) _fault = null;
    }

    /// <summary>True once a fault has lasted past the bound: the node should exit so its supervisor restarts it.</summary>
    public static bool ShouldGiveUp(JournalFault? fault, DateTimeOffset now, TimeSpan giveUpAfter) =>
        fault is not null && now - fault.Since >= giveUpAfter;

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return $"{e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}";
    }
}
