using System.Globalization;
using System.Text;

namespace Raft3D.Server.Events;

/// <summary>The text/event-stream wire format (WHATWG HTML, "Server-sent events").</summary>
public static class SseFrame
{
    /// <summary>An event: id, event and data lines and the blank line that ends it. Data is one line of JSON.</summary>
    public static byte[] Event(long id, string type, string data)
    {
        // A line break inside data would split the field; JSON from System.Text.Json has none
        // unless indented, and indenting is off, but an event must never be cut in two.
        if (data.Contains('\n') || data.Contains('\r')) throw new ArgumentException("event data must be one line", nameof(data));
        return Encoding.UTF8.GetBytes($"id: {id.ToString(CultureInfo.InvariantCulture)}\nevent: {type}\ndata: {data}\n\n");
    }

    /// <summary>A comment line: ignored by clients, it keeps proxies and idle connections from timing out.</summary>
    public static byte[] Comment(string text) => Encoding.UTF8.GetBytes($": {text.Replace('\n', ' ').Replace('\r', ' ')}\n\n");

    /// <summary>How long a browser's EventSource waits before reconnecting.</summary>
    public static byte[] Retry(TimeSpan delay) =>
        Encoding.UTF8.GetBytes($"retry: {((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}\n\n");
}
