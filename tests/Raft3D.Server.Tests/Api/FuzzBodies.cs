using System.Text;

namespace Raft3D.Server.Tests.Api;

/// <summary>
/// Request bodies a careless or hostile client might send, drawn from a seeded Random: random
/// bytes, valid JSON cut short, broken UTF-8 and lone surrogates inside strings, control
/// characters, huge and odd numbers, deep nesting, duplicate keys, wrong types.
/// </summary>
internal sealed class FuzzBodies(Random random)
{
    private static readonly string[] Numbers =
    [
        "1e999", "-1e999", "123456789012345678901234567890", "-0", "0.0000001", "1.5", "2147483648", "-2147483649", "9223372036854775808", "NaN", "Infinity", "0x10", "01",
    ];

    private static readonly string[] Texts =
    [
        "\\ud800", "\\udfff", "a\\ud83d", "\\u0000", "\\u0007", "\\n", "\\t", "\\u001b[31m", "\\u0085", "..", ".", "", " ", "\\\"", "🐢", new string('x', 5000),
    ];

    public byte[] Next(string template) => random.Next(9) switch
    {
        0 => RandomBytes(),
        1 => Cut(Encoding.UTF8.GetBytes(template)),
        2 => BrokenUtf8(template),
        3 => Encoding.UTF8.GetBytes(ReplaceValue(template, $"\"{Texts[random.Next(Texts.Length)]}\"")),
        4 => Encoding.UTF8.GetBytes(ReplaceValue(template, Numbers[random.Next(Numbers.Length)])),
        5 => Encoding.UTF8.GetBytes(ReplaceValue(template, Nested(random.Next(2, 2000)))),
        6 => Encoding.UTF8.GetBytes(DuplicateKey(template)),
        7 => Encoding.UTF8.GetBytes(ReplaceValue(template, random.Next(5) switch { 0 => "null", 1 => "true", 2 => "[]", 3 => "{}", _ => "[\"a\",1]" })),
        _ => Encoding.UTF8.GetBytes(random.Next(3) switch { 0 => Nested(random.Next(2, 5000)), 1 => "\"just a string\"", _ => "{\"a\":" }),
    };

    /// <summary>An If-Match value: sometimes well formed, mostly not.</summary>
    public string HeaderValue() => random.Next(6) switch
    {
        0 => "*",
        1 => $"\"{random.Next()}\"",
        2 => $"W/\"{random.Next()}\"",
        3 => "\"99999999999999999999999\"",
        4 => "\"\"",
        _ => new string(Enumerable.Range(0, random.Next(1, 30)).Select(_ => (char)random.Next(0x21, 0x7F)).ToArray()),
    };

    private byte[] RandomBytes()
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0) bytes[0] = (byte)'{';
        return bytes;
    }

    private byte[] Cut(byte[] json) => json[..random.Next(0, json.Length)];

    /// <summary>The template with bytes inside one string value replaced by ones that are not UTF-8.</summary>
    private byte[] BrokenUtf8(string template)
    {
        var bytes = Encoding.UTF8.GetBytes(template).ToList();
        var quotes = bytes.Select((b, i) => (b, i)).Where(x => x.b == '"').Select(x => x.i).ToList();
        var at = quotes.Count > 1 ? quotes[random.Next(quotes.Count - 1)] + 1 : 0;
        byte[][] broken = [[0xFF], [0xC3], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0x80]];
        bytes.InsertRange(Math.Min(at, bytes.Count), broken[random.Next(broken.Length)]);
        return [.. bytes];
    }

    /// <summary>The template with the value of one of its fields replaced.</summary>
    private string ReplaceValue(string template, string value)
    {
        var fields = template.Split(',');
        var i = random.Next(fields.Length);
        var colon = fields[i].IndexOf(':', StringComparison.Ordinal);
        var end = fields[i].EndsWith('}') ? "}" : "";
        fields[i] = fields[i][..(colon + 1)] + value + end;
        return string.Join(",", fields);
    }

    private string DuplicateKey(string template)
    {
        var fields = template.Trim('{', '}').Split(',');
        var copy = fields[random.Next(fields.Length)];
        return "{" + string.Join(",", fields) + "," + copy + "}";
    }

    private string Nested(int depth) => random.Next(2) == 0
        ? new string('[', depth) + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
