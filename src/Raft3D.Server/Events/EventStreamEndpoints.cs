using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Raft3D.Server.Api;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Events;

/// <summary>SPEC §7: GET /api/v1/events, a Server-Sent Events stream of every applied change after ?since=.</summary>
public static class EventStreamEndpoints
{
    /// <summary>Events copied out of the window per read: bounds a stream's memory, not its speed.</summary>
    private const int Batch = 256;

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", StreamAsync).WithName("WatchEvents").WithTags("Events")
            .Produces(200, contentType: "text/event-stream").ProducesProblem(400, Problems.ContentType).ProducesProblem(410, Problems.ContentType)
            .WithSummary("Server-Sent Events: every applied change after ?since= (or Last-Event-ID), in log order")
            .WithDescription("id: the log index; event: printer.created|updated|deleted, filament.created|updated|deleted, " +
                             "print_job.created|status_changed; data: {\"index\",\"type\",\"object\"}. Filters: ?types=print_job,filament, " +
                             "?printer_id=, ?filament_id=. Without since: from now. A since this node no longer holds: 410 with applied_index.");
    }

    private static async Task StreamAsync(HttpContext context, FarmEventWindow window, NodeOptions node, IHostApplicationLifetime lifetime)
    {
        var request = context.Request;
        var filter = EventFilter.Parse(request.Query["types"].ToString(), request.Query["printer_id"].ToString(), request.Query["filament_id"].ToString());
        var since = Since(request);

        var position = since ?? window.Last;
        var read = window.Read(position, Batch);
        if (read.Gone)
        {
            await WriteGoneAsync(context, position, read);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx would otherwise hold events back to fill a buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers[FarmReads.AppliedIndexHeader] = read.Last.ToString(CultureInfo.InvariantCulture);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // A stream ends when its client leaves, or when the node shuts down: Kestrel would wait
        // for open streams up to the shutdown timeout, and clients resume on another node anyway.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ending.Token;
        var stream = new EventStream(context, node.Events, aborted);
        if (!await stream.SendAsync(SseFrame.Retry(TimeSpan.FromSeconds(1)))) return;
        while (!aborted.IsCancellationRequested)
        {
            if (read.Gone)
            {
                // Fell out of the window: end the stream; a reconnect from here answers 410.
                await stream.SendAsync(SseFrame.Comment($"fell behind: changes after {position} are no longer held; re-list and resume from applied_index"));
                return;
            }
            // One write per batch: a stream that is behind catches up in few system calls.
            var batch = new List<byte>();
            foreach (var change in read.Events)
            {
                position = change.Index;
                if (filter.Matches(change)) batch.AddRange(change.Frame);
            }
            if (batch.Count > 0 && !await stream.SendAsync([.. batch])) return;
            if (read.Events.Count == 0)
            {
                // Idle (or every change filtered out): a keep-alive comment once nothing was sent
                // for the interval, else wait for the next change or for that moment.
                var quiet = node.Events.KeepAlive - stream.SinceLastSend;
                if (quiet <= TimeSpan.Zero)
                {
                    if (!await stream.SendAsync(SseFrame.Comment("keep-alive"))) return;
                }
                else
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                    await Task.WhenAny(read.Changed, Task.Delay(quiet, wait.Token));
                    await wait.CancelAsync();
                }
            }
            read = window.Read(position, Batch);
        }
    }

    /// <summary>Last-Event-ID (a reconnect) wins over ?since= (the URL it reconnects to).</summary>
    private static long? Since(HttpRequest request)
    {
        var header = request.Headers["Last-Event-ID"].ToString();
        if (header.Length > 0) return Index(header, "Last-Event-ID");
        var query = request.Query["since"];
        if (query.Count > 1) throw ApiException.BadRequest("give ?since= once", "since");
        return query.Count == 1 ? Index(query[0]!, "since") : null;
    }

    private static long Index(string text, string name) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"{name} must be a log index (a whole number from 0), not '{text}'", name);

    private static Task WriteGoneAsync(HttpContext context, long since, WindowRead read)
    {
        var problem = new GoneProblem(
            "about:blank", "Gone", 410,
            $"changes after index {since} are no longer held by this node (it holds those after {read.Floor}); " +
            $"re-list the objects (their answer's X-Raft-Applied-Index says where they stand) and resume with ?since= that index, or from applied_index {read.Last}",
            context.Request.Path.Value, read.Last, read.Floor);
        context.Response.Headers[FarmReads.AppliedIndexHeader] = read.Last.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(problem, ApiJson.Options, Problems.ContentType, 410).ExecuteAsync(context);
    }
}
