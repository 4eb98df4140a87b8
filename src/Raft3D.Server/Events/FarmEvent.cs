using System.Text;
using System.Text.Json;
using Raft3D.Server.Api;

namespace Raft3D.Server.Events;

/// <summary>
/// One applied change as GET /api/v1/events shows it: the log index, the type
/// (printer.created, print_job.status_changed, ...) and the object as a GET shows it after the
/// change. PrinterId and FilamentId are the printer and filament it concerns, for the filters.
/// Immutable: it is made on Raft's thread and read by any number of streams.
/// </summary>
public sealed class FarmEvent(long index, string type, object view, string? printerId, string? filamentId)
{
    // Serialised once, by the first stream that sends it, never on Raft's thread.
    private readonly Lazy<byte[]> _frame = new(() => SseFrame.Event(index, type, Data(index, type, view)));

    public long Index { get; } = index;

    public string Type { get; } = type;

    /// <summary>"printer", "filament" or "print_job": the part of the type before the dot.</summary>
    public string Kind => Type[..Type.IndexOf('.')];

    public object View { get; } = view;

    public string? PrinterId { get; } = printerId;

    public string? FilamentId { get; } = filamentId;

    /// <summary>The whole Server-Sent Events frame, UTF-8.</summary>
    public byte[] Frame => _frame.Value;

    /// <summary>The data line's JSON: {"index", "type", "object"}.</summary>
    public static string Data(long index, string type, object view) =>
        JsonSerializer.Serialize(new EventData(index, type, view), ApiJson.Options);

    private sealed record EventData(long Index, string Type, object Object);

    public override string ToString() => Encoding.UTF8.GetString(Frame);
}
