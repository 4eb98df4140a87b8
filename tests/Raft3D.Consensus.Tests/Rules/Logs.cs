using Raft3D.Consensus.Log;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Builds logs from compact descriptions: the terms of entries 1, 2, 3, ….</summary>
internal static class Logs
{
    /// <summary>A log whose entry i (from 1) has term terms[i-1].</summary>
    public static RaftLog OfTerms(params long[] terms) => OfTerms(terms, 0, 0);

    /// <summary>A log compacted to (snapshotIndex, snapshotTerm) holding entries of terms after it.</summary>
    public static RaftLog OfTerms(long[] terms, long snapshotIndex, long snapshotTerm)
    {
        var log = new RaftLog();
        if (snapshotIndex > 0) log.ResetTo(snapshotIndex, snapshotTerm);
        log.Append(Entries(snapshotIndex + 1, terms));
        return log;
    }

    /// <summary>Entries from index first on with the given terms; the payload names index and term.</summary>
    public static LogEntry[] Entries(long first, params long[] terms) =>
        terms.Select((term, i) => Entry(first + i, term)).ToArray();

    public static LogEntry Entry(long index, long term, int payloadBytes = 4) =>
        new(index, term, EntryKind.Command, Payload(index, term, payloadBytes));

    private static byte[] Payload(long index, long term, int bytes)
    {
        var data = new byte[bytes];
        if (bytes > 0) data[0] = (byte)index;
        if (bytes > 1) data[1] = (byte)term;
        return data;
    }

    /// <summary>The terms of the log from its first index, for readable assertions.</summary>
    public static long[] Terms(RaftLog log) =>
        Enumerable.Range(0, log.Count).Select(i => log.EntryAt(log.FirstIndex + i).Term).ToArray();
}
