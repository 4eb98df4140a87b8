using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;

namespace Raft3D.Server.Api;

/// <summary>
/// A request's JSON object body, read strictly: malformed JSON, a body that is not an object,
/// and a field of the wrong type are 400s naming the field. Unknown fields are ignored.
/// </summary>
public sealed class JsonBody
{
    private const int MaxBytes = 1 << 20;
    private readonly JsonElement? _root;
    private readonly List<ProblemFieldError> _missing = [];

    private JsonBody(JsonElement? root) => _root = root;

    public bool IsEmpty => _root is null;

    public static async Task<JsonBody> ReadAsync(HttpRequest request, bool allowEmpty, CancellationToken cancellationToken)
    {
        // Straight from the request's pipe: no copy into a buffer of our own for the usual small
        // body (one segment), parsed in place and cloned out of the pipe's memory.
        var reader = request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(read.Buffer.End);
                throw new ApiException(413, "Payload too large", $"the request body is over {MaxBytes} bytes");
            }
            if (read.IsCompleted || read.IsCanceled) break;
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
        try
        {
            return Parse(read.Buffer, allowEmpty);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    private static JsonBody Parse(ReadOnlySequence<byte> body, bool allowEmpty)
    {
        var bytes = body.IsSingleSegment ? body.First : body.ToArray();
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            if (allowEmpty) return new JsonBody(null);
            throw ApiException.BadRequest("the request needs a JSON object body, e.g. {\"id\": \"p1\", ...}");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new ApiException(400, "Malformed JSON", $"the request body is not valid JSON{where}: send a JSON object");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ApiException(400, "Malformed JSON", $"the request body must be a JSON object, not {Describe(document.RootElement.ValueKind)}");
            return new JsonBody(document.RootElement.Clone());
        }
    }

    /// <summary>An id: a string, or a JSON integer taken as its decimal string.</summary>
    public string? Id(string name, bool required = false)
    {
        if (Field(name, required) is not { } value) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            JsonValueKind.Number when IsWholeNumber(value.GetRawText()) => value.GetRawText(),
            _ => throw WrongType(name, "a string (or a whole number)", value),
        };
    }

    public string? String(string name, bool required = false)
    {
        if (Field(name, required) is not { } value) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(name, "a string", value);
    }

    public int? Int(string name, bool required = false)
    {
        if (Field(name, required) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Number) throw WrongType(name, "a whole number", value);
        if (value.TryGetInt32(out var number)) return number;
        throw ApiException.BadRequest($"{name} must be a whole number between {int.MinValue} and {int.MaxValue}, not {value.GetRawText()}", name);
    }

    /// <summary>Throws a 400 listing every required field that was missing (or null).</summary>
    public void ThrowIfMissing()
    {
        if (_missing.Count == 0) return;
        var detail = string.Join("; ", _missing.Select(m => $"{m.Field}: {m.Message}"));
        throw new ApiFieldErrorsException(_missing.ToList(), detail);
    }

    private JsonElement? Field(string name, bool required)
    {
        if (_root is { } root && root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        if (required) _missing.Add(new ProblemFieldError(name, "is required"));
        return null;
    }

    private static bool IsWholeNumber(string raw) => raw.Length > 0 && raw.All(char.IsAsciiDigit);

    private static ApiException WrongType(string name, string expected, JsonElement value) =>
        ApiException.BadRequest($"{name} must be {expected}, not {Describe(value.ValueKind)} ({Truncate(value.GetRawText())})", name);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
