using Raft3D.Consensus.Log;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Readable, comparable text for journal events and entries (records holding lists and arrays compare by reference).</summary>
internal static class Journal
{
    public static string[] Describe(IEnumerable<object> events) => events.Select(Describe).ToArray();

    public static string Describe(object @event) => @event switch
    {
        HardStateChanged h => $"HardState(term {h.Term}, vote {h.VotedFor ?? "-"})",
        LogTruncated t => $"Truncated(from {t.FromIndex})",
        EntriesAppended a => $"Appended({string.Join(", ", a.Entries.Select(Describe))})",
        _ => @event.ToString() ?? "",
    };

    public static string Describe(LogEntry entry) =>
        $"{entry.Index}@{entry.Term} {entry.Kind} {Convert.ToHexString(entry.Data)}".TrimEnd();
}
