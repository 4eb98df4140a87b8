using Raft3D.Server.Api;

namespace Raft3D.Server.Events;

/// <summary>
/// The filters of GET /api/v1/events: ?types= (kinds such as print_job, or whole types such as
/// print_job.status_changed, comma-separated), ?printer_id= and ?filament_id= (events about that
/// printer or filament: the object itself or a job that uses it). Every given filter must match.
/// </summary>
public sealed record EventFilter(IReadOnlySet<string>? Types, string? PrinterId, string? FilamentId)
{
    public static readonly IReadOnlyList<string> AllTypes =
    [
        "printer.created", "printer.updated", "printer.deleted",
        "filament.created", "filament.updated", "filament.deleted",
        "print_job.created", "print_job.status_changed",
    ];

    private static readonly string[] Kinds = ["printer", "filament", "print_job"];

    public static readonly EventFilter All = new(null, null, null);

    /// <summary>Reads the query values; a bad type is a 400 naming the field types.</summary>
    public static EventFilter Parse(string? types, string? printerId, string? filamentId)
    {
        HashSet<string>? set = null;
        if (!string.IsNullOrWhiteSpace(types))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var raw in types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var type = raw.ToLowerInvariant();
                if (!Kinds.Contains(type) && !AllTypes.Contains(type))
                    throw ApiException.BadRequest($"types: '{raw}' is not an event type; use {string.Join(", ", Kinds)} or one of {string.Join(", ", AllTypes)}", "types");
                set.Add(type);
            }
        }
        return new EventFilter(set, Blank(printerId), Blank(filamentId));
    }

    public bool Matches(FarmEvent change) =>
        (Types is null || Types.Contains(change.Type) || Types.Contains(change.Kind)) &&
        (PrinterId is null || change.PrinterId == PrinterId) &&
        (FilamentId is null || change.FilamentId == FilamentId);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
