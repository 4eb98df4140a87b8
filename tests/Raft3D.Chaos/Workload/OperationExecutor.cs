using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Workload;

/// <summary>
/// Sends one operation to one node and records it: invoke right before the request, complete
/// right after the answer. The answer becomes Ok (with what it said), Fail (certainly not
/// applied: connection refused, 503 "No leader") or Info (maybe applied: timeout, broken
/// connection, 503 "Outcome unknown"). Answers the API never gives for the request (400,
/// 500, a body that does not parse) are Info with Error "unexpected", which fails the run.
/// </summary>
public sealed partial class OperationExecutor(HistoryRecorder recorder, IReadOnlyList<NodeProcess> nodes, TimeSpan timeout, ClusterSecurity? security = null) : IDisposable
{
    private readonly Dictionary<string, NodeClient> _clients = nodes.ToDictionary(n => n.Id, n => new NodeClient(n.BaseUri, security));

    public HistoryRecorder Recorder => recorder;

    public async Task<Operation> ExecuteAsync(Operation op, NodeProcess node, CancellationToken cancellationToken)
    {
        var (method, path, body) = Request(op);
        op.Node = node.Id;
        op.Incarnation = node.Incarnation;
        recorder.Invoke(op);
        HttpAnswer answer;
        try
        {
            answer = await _clients[node.Id].SendAsync(method, path, body, op.IdempotencyKey, timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            recorder.Complete(op, OpType.Info);
            op.Error = "aborted";
            throw;
        }
        var type = Interpret(op, answer);
        recorder.Complete(op, type);
        return op;
    }

    /// <summary>The HTTP request for an operation. Every write has a body (see <see cref="NodeClient"/>).</summary>
    public static (HttpMethod Method, string Path, string? Body) Request(Operation op)
    {
        var local = op.Local ? "consistency=local" : null;
        static string E(string? s) => Uri.EscapeDataString(s ?? "");
        static string Q(string path, params string?[] parameters)
        {
            var query = string.Join("&", parameters.Where(p => p is not null));
            return query.Length == 0 ? path : $"{path}?{query}";
        }
        return op.Kind switch
        {
            OpKind.CreatePrinter => (HttpMethod.Post, "/api/v1/printers",
                JsonSerializer.Serialize(new Dictionary<string, object?> { ["id"] = op.PrinterId, ["company"] = op.Company, ["model"] = "MK4" })),
            OpKind.ReadPrinter => (HttpMethod.Get, Q($"/api/v1/printers/{E(op.PrinterId)}", local), null),
            OpKind.ListPrinters => (HttpMethod.Get, Q("/api/v1/printers", local), null),
            OpKind.CreateFilament => (HttpMethod.Post, "/api/v1/filaments",
                JsonSerializer.Serialize(new Dictionary<string, object?> { ["id"] = op.FilamentId, ["type"] = "PLA", ["color"] = "red", ["total_weight_in_grams"] = op.Weight })),
            OpKind.ReadFilament => (HttpMethod.Get, Q($"/api/v1/filaments/{E(op.FilamentId)}", local), null),
            OpKind.ListFilaments => (HttpMethod.Get, Q("/api/v1/filaments", local), null),
            OpKind.CreateJob => (HttpMethod.Post, "/api/v1/print_jobs",
                JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["id"] = op.JobId, ["printer_id"] = op.PrinterId, ["filament_id"] = op.FilamentId,
                    ["filepath"] = $"models/{op.JobId}.gcode", ["print_weight_in_grams"] = op.Weight,
                })),
            // With a body: .NET resends a body-less request whose connection closes before the answer.
            OpKind.SetJobStatus => (HttpMethod.Post, $"/api/v1/print_jobs/{E(op.JobId)}/status",
                JsonSerializer.Serialize(new Dictionary<string, object?> { ["status"] = op.Target })),
            OpKind.ReadJob => (HttpMethod.Get, Q($"/api/v1/print_jobs/{E(op.JobId)}", local), null),
            OpKind.ListJobs => (HttpMethod.Get, Q("/api/v1/print_jobs", op.FilamentId is null ? null : $"filament_id={E(op.FilamentId)}", local), null),
            _ => throw new ArgumentException($"unknown operation {op.Kind}"),
        };
    }

    /// <summary>Fills op's outcome fields from the answer and says how it ended.</summary>
    public static OpType Interpret(Operation op, HttpAnswer answer)
    {
        op.Detail = answer.Detail ?? answer.Error;
        switch (answer.Delivery)
        {
            case Delivery.Refused:
                op.Error = "refused";
                return OpType.Fail;
            case Delivery.TimedOut:
                op.Error = "timeout";
                return OpType.Info;
            case Delivery.Broken:
                op.Error = "broken";
                return OpType.Info;
        }
        op.Http = answer.Status;
        op.Replayed = answer.Replayed;
        op.AppliedIndex = answer.AppliedIndex;
        if (answer.Status == 503)
        {
            switch (answer.Title)
            {
                case "Outcome unknown":
                    op.Error = "outcome-unknown";
                    return OpType.Info;
                case "No leader":
                    op.Error = "no-leader";
                    return OpType.Fail;
                default:
                    op.Error = "unexpected";
                    return OpType.Info;
            }
        }
        if (!Expected(op.Kind, answer.Status))
        {
            op.Error = "unexpected";
            return OpType.Info;
        }
        try
        {
            ReadBody(op, answer);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            op.Error = "unexpected";
            op.Detail = $"unreadable answer: {e.Message}";
            return OpType.Info;
        }
        // Reads carry the index their state was read at; a write applied without one is suspicious but not wrong.
        return OpType.Ok;
    }

    private static bool Expected(OpKind kind, int status) => kind switch
    {
        OpKind.CreatePrinter or OpKind.CreateFilament => status is 201 or 409,
        OpKind.CreateJob => status is 201 or 409 or 422,
        OpKind.SetJobStatus => status is 200 or 404 or 409,
        OpKind.ReadPrinter or OpKind.ReadFilament or OpKind.ReadJob => status is 200 or 404,
        _ => status is 200,
    };

    private static void ReadBody(Operation op, HttpAnswer answer)
    {
        var status = answer.Status;
        if (status == 404)
        {
            op.Error = "not-found";
            return;
        }
        if (status == 422)
        {
            op.Error = "missing-reference";
            return;
        }
        if (status == 409)
        {
            var detail = answer.Detail ?? "";
            if (op.Kind == OpKind.SetJobStatus)
            {
                op.Error = "transition";
                if (CurrentStatusPattern().Match(detail) is { Success: true } m) op.CurrentStatus = m.Groups[1].Value;
            }
            else if (detail.Contains("already exists", StringComparison.Ordinal)) op.Error = "taken";
            else if (AvailablePattern().Match(detail) is { Success: true } m)
            {
                op.Error = "insufficient";
                op.Available = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else throw new FormatException($"a 409 the checker does not know: {detail}");
            return;
        }
        var body = answer.Body ?? throw new InvalidOperationException("no body");
        switch (op.Kind)
        {
            case OpKind.CreatePrinter or OpKind.ReadPrinter:
                op.Printer = PrinterOf(body);
                break;
            case OpKind.CreateFilament or OpKind.ReadFilament:
                op.Filament = FilamentOf(body);
                break;
            case OpKind.CreateJob or OpKind.SetJobStatus or OpKind.ReadJob:
                op.Job = JobOf(body);
                break;
            case OpKind.ListPrinters:
                op.Printers = body.EnumerateArray().Select(PrinterOf).ToList();
                break;
            case OpKind.ListFilaments:
                op.Filaments = body.EnumerateArray().Select(FilamentOf).ToList();
                break;
            case OpKind.ListJobs:
                op.Jobs = body.EnumerateArray().Select(JobOf).ToList();
                break;
        }
    }

    private static PrinterSeen PrinterOf(JsonElement e) =>
        new(e.GetProperty("id").GetString()!, e.GetProperty("company").GetString()!, e.GetProperty("model").GetString()!);

    private static FilamentSeen FilamentOf(JsonElement e) =>
        new(e.GetProperty("id").GetString()!, e.GetProperty("total_weight_in_grams").GetInt32(),
            e.GetProperty("remaining_weight_in_grams").GetInt32(), e.GetProperty("reserved_weight_in_grams").GetInt32());

    private static JobSeen JobOf(JsonElement e) =>
        new(e.GetProperty("id").GetString()!, e.GetProperty("filament_id").GetString()!,
            e.GetProperty("print_weight_in_grams").GetInt32(), e.GetProperty("status").GetString()!);

    [GeneratedRegex(@"has (-?\d+) g available")]
    private static partial Regex AvailablePattern();

    [GeneratedRegex(@" is (\w+);")]
    private static partial Regex CurrentStatusPattern();

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
