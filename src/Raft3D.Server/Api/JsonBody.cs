using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;

namespace Raft3D.Server.Api;

/// <summary>
/// A request's JSON object body, read strictly: malformed JSON, a body that is not an object,
/// a duplicate key (at any depth), a field of the wrong type and text that is not valid
/// Unicode (invalid UTF-8, a lone surrogate escape such as "\ud800") are 400s naming the field.
/// Unknown fields are ignored unless the handler asks for <see cref="ThrowIfNotOnly"/>.
/// </summary>
public sealed class JsonBody
{
    private readonly JsonElement? _root;
    private List<ProblemFieldError>? _missing;

    private JsonBody(JsonElement? root) => _root = root;

    /// <summary>
    /// Reads the body and hands it to read while the parsed document is alive: read takes from it
    /// what the request needs (and throws its 400s), and the document goes back to its pools.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, bool allowEmpty, Func<JsonBody, T> read, CancellationToken cancellationToken)
    {
        // Straight from the request's pipe: no copy into a buffer of our own for the usual small
        // body (one segment), parsed in place, read, and let go before the pipe moves on: no
        // copy of the document either. Kestrel's MaxRequestBodySize (raft3d.api.max-body-bytes)
        // bounds what the pipe can hold: past it the read throws and ProblemMiddleware answers 413.
        var reader = request.BodyReader;
        ReadResult result;
        while (true)
        {
            result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled) break;
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
        try
        {
            return Read(result.Buffer, allowEmpty, read);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    private static T Read<T>(ReadOnlySequence<byte> body, bool allowEmpty, Func<JsonBody, T> read)
    {
        var bytes = body.IsSingleSegment ? body.First : body.ToArray();
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            if (allowEmpty) return read(new JsonBody(null));
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
            CheckKeys(document.RootElement, "");
            return read(new JsonBody(document.RootElement));
        }
    }

    /// <summary>
    /// Refuses duplicate keys at any depth: parsers disagree on which copy wins (first, last, or
    /// an error), so a body with two is ambiguous. Also refuses keys that are not valid text.
    /// </summary>
    private static void CheckKeys(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // A request's object has a handful of fields: compared one by one, from a pooled
                // array, not through a set per object; a large one gets the set, so the check stays linear.
                var count = element.GetPropertyCount();
                var seen = count > SmallObject ? new HashSet<string>(count, StringComparer.Ordinal) : null;
                var names = seen is null ? ArrayPool<string>.Shared.Rent(count) : null;
                try
                {
                    var i = 0;
                    foreach (var property in element.EnumerateObject())
                    {
                        string name;
                        try
                        {
                            name = property.Name;
                        }
                        catch (InvalidOperationException)
                        {
                            throw new ApiException(400, "Malformed JSON", $"a field name{Where(path)} is not valid text (invalid UTF-8 or a lone surrogate)");
                        }
                        var field = path.Length == 0 ? name : $"{path}.{name}";
                        var again = seen is not null ? !seen.Add(name) : Array.IndexOf(names!, name, 0, i) >= 0;
                        if (again) throw new ApiException(400, "Malformed JSON", $"{Shorten(field)} appears twice in the body: give each field once", Shorten(field));
                        if (names is not null) names[i++] = name;
                        CheckKeys(property.Value, field);
                    }
                }
                finally
                {
                    if (names is not null) ArrayPool<string>.Shared.Return(names, clearArray: true);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) CheckKeys(item, $"{path}[{index++}]");
                break;
        }
    }

    /// <summary>Objects with at most this many fields are checked for duplicates without a set.</summary>
    private const int SmallObject = 16;

    private static string Where(string path) => path.Length == 0 ? "" : $" in {Shorten(path)}";

    /// <summary>
    /// For a PATCH: every field present must be one of these and not null (null would mean "remove
    /// it", and no field can be removed); anything else is a 400 naming the field.
    /// </summary>
    public void ThrowIfNotOnly(string what, params string[] allowed)
    {
        if (_root is not { } root) return;
        foreach (var property in root.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                throw ApiException.BadRequest($"{Shorten(property.Name)} cannot be changed: {what} changes only {string.Join(" and ", allowed)}", Shorten(property.Name));
            if (property.Value.ValueKind == JsonValueKind.Null)
                throw ApiException.BadRequest($"{property.Name} cannot be null: leave it out to keep it as it is", property.Name);
        }
    }

    /// <summary>An id: a string, or a JSON integer taken as its decimal string.</summary>
    public string? Id(string name, bool required = false)
    {
        if (Field(name, required) is not { } value) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => Text(name, value),
            JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            JsonValueKind.Number when IsWholeNumber(value.GetRawText()) => value.GetRawText(),
            _ => throw WrongType(name, "a string (or a whole number)", value),
        };
    }

    public string? String(string name, bool required = false)
    {
        if (Field(name, required) is not { } value) return null;
        return value.ValueKind == JsonValueKind.String ? Text(name, value) : throw WrongType(name, "a string", value);
    }

    /// <summary>A JSON string as .NET text; invalid UTF-8 or a lone surrogate escape is a 400 naming the field, not a 500.</summary>
    private static string Text(string name, JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw ApiException.BadRequest($"{name} must be valid Unicode text: it holds invalid UTF-8 or a lone surrogate such as \\ud800", name);
        }
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
        if (_missing is null) return;
        var detail = string.Join("; ", _missing.Select(m => $"{m.Field}: {m.Message}"));
        throw new ApiFieldErrorsException(_missing.ToList(), detail);
    }

    private JsonElement? Field(string name, bool required)
    {
        if (_root is { } root && root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        if (required) (_missing ??= []).Add(new ProblemFieldError(name, "is required"));
        return null;
    }

    private static bool IsWholeNumber(string raw) => raw.Length > 0 && raw.All(char.IsAsciiDigit);

    private static ApiException WrongType(string name, string expected, JsonElement value) =>
        ApiException.BadRequest($"{name} must be {expected}, not {Describe(value.ValueKind)} ({Raw(value)})", name);

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

    /// <summary>The value as sent, shortened; a value that is not valid text is not echoed back.</summary>
    private static string Raw(JsonElement value)
    {
        string text;
        try
        {
            text = value.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return "not valid text";
        }
        return text.Length <= 40 ? text : text[..40] + "...";
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
