using System.Globalization;

namespace Raft3D.Server.Api;

/// <summary>
/// An object's version as its entity tag (RFC 9110 §8.8.3): the log index in quotes, "17". A
/// version is one log index on every node, so the tag is strong and the same whichever node
/// answers.
/// </summary>
public static class ETags
{
    public const string IfMatch = "If-Match";

    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version an If-Match header asks for: null without the header or with "*" (any current
    /// object: the change then only needs the object to exist, as without the header). A weak
    /// tag (W/"17") or anything but one quoted version is a 400: a change must name exactly the
    /// version it was made from.
    /// </summary>
    public static long? ReadIfMatch(HttpRequest request)
    {
        var values = request.Headers[IfMatch];
        if (values.Count == 0) return null;
        var text = values.Count == 1 ? values[0]?.Trim() ?? "" : string.Join(",", values.ToArray());
        if (text == "*") return null;
        if (text.Length >= 3 && text[0] == '"' && text[^1] == '"' &&
            long.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }
        throw ApiException.BadRequest(
            $"If-Match must be one version as its ETag, e.g. \"17\" (with the quotes), as GET answers it, or *; not {Shorten(text)}", IfMatch);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
