using System.Text.Json;
using Spectre.Console;

namespace Raft3D.Cli.Output;

/// <summary>Turns the API's JSON into what a person reads: arrays as tables, objects as "field  value" lines.</summary>
public static class JsonView
{
    public static void Write(IAnsiConsole console, TextWriter output, JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Array:
                var items = json.EnumerateArray().ToList();
                if (items.Count == 0)
                {
                    output.WriteLine("(none)");
                    return;
                }
                var columns = items[0].EnumerateObject().Select(p => p.Name).ToList();
                TableWriter.Write(console, columns, items.Select(i => (IReadOnlyList<string>)columns.Select(c => Cell(i, c)).ToList()).ToList());
                break;
            case JsonValueKind.Object:
                var width = json.EnumerateObject().Select(p => p.Name.Length).DefaultIfEmpty(0).Max();
                foreach (var property in json.EnumerateObject()) output.WriteLine($"{property.Name.PadRight(width)}  {Text(property.Value)}");
                break;
            default:
                output.WriteLine(Text(json));
                break;
        }
    }

    public static string Cell(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? Text(value) : "";

    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "-",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => value.GetRawText(),
    };
}
