using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Nemesis;

/// <summary>The faults injected so far, each logged when it begins and ends (seconds since the run began).</summary>
public sealed class FaultJournal(MonotonicClock clock, Action<string> log)
{
    public List<FaultRecord> Faults { get; } = [];

    public Action<string> Log => log;

    public FaultRecord Begin(FaultKind kind, string description)
    {
        var record = new FaultRecord(kind, description, clock.Elapsed.TotalSeconds);
        Faults.Add(record);
        log($"nemesis: {kind.ToString().ToLowerInvariant()} {description}");
        return record;
    }

    public void End(FaultRecord record, string what)
    {
        record.EndSeconds = clock.Elapsed.TotalSeconds;
        log($"nemesis: {what}");
    }

    public void CloseOpen()
    {
        foreach (var open in Faults.Where(f => f.EndSeconds is null)) open.EndSeconds = clock.Elapsed.TotalSeconds;
    }
}
