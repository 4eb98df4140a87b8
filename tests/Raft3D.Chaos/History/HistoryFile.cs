using System.Text.Json;
using System.Text.Json.Serialization;

namespace Raft3D.Chaos.History;

/// <summary>
/// A history as JSON lines, Jepsen-style: one "invoke" line per operation when it began and one
/// "ok"/"fail"/"info" line when it ended, in time order. Reading keeps each operation's last line.
/// </summary>
public static class HistoryFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Save(string path, IReadOnlyList<Operation> operations)
    {
        var events = new List<(long Time, int Order, Operation Line)>();
        foreach (var op in operations)
        {
            var invoke = new Operation
            {
                Id = op.Id, Process = op.Process, Node = op.Node, Incarnation = op.Incarnation, Kind = op.Kind, Key = op.Key,
                PrinterId = op.PrinterId, FilamentId = op.FilamentId, JobId = op.JobId, Company = op.Company, Weight = op.Weight,
                Target = op.Target, IdempotencyKey = op.IdempotencyKey, Local = op.Local, InvokeNs = op.InvokeNs, Type = OpType.Pending,
            };
            events.Add((op.InvokeNs, 0, invoke));
            if (op.Type != OpType.Pending) events.Add((op.CompleteNs ?? long.MaxValue, 1, op));
        }
        using var writer = new StreamWriter(path);
        foreach (var (_, order, line) in events.OrderBy(e => e.Time).ThenBy(e => e.Order).ThenBy(e => e.Line.Id))
        {
            var node = JsonSerializer.SerializeToNode(line, Json)!.AsObject();
            node.Remove("type");
            var type = order == 0 ? "invoke" : line.Type.ToString().ToLowerInvariant();
            var ordered = new System.Text.Json.Nodes.JsonObject { ["type"] = type };
            foreach (var (name, value) in node.ToList())
            {
                node.Remove(name);
                ordered[name] = value;
            }
            writer.WriteLine(ordered.ToJsonString(Json));
        }
    }

    public static List<Operation> Load(string path)
    {
        var byId = new Dictionary<int, Operation>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            var type = node["type"]?.GetValue<string>() ?? "invoke";
            node["type"] = type == "invoke" ? "pending" : type;
            var op = node.Deserialize<Operation>(Json) ?? throw new InvalidDataException($"not an operation: {line}");
            byId[op.Id] = op;
        }
        return byId.Values.OrderBy(o => o.Id).ToList();
    }
}
