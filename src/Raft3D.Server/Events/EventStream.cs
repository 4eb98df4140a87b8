using Raft3D.Server.Hosting;

namespace Raft3D.Server.Events;

/// <summary>
/// Writes frames to one SSE response. A client that stops reading fills the socket's buffers
/// and a write then waits: past the stall timeout the connection is cut, so a stalled reader
/// holds neither a thread nor more memory than those buffers.
/// </summary>
internal sealed class EventStream(HttpContext context, EventOptions options, CancellationToken aborted)
{
    private long _lastSend = Environment.TickCount64;

    /// <summary>How long ago the last frame went out (the keep-alive clock).</summary>
    public TimeSpan SinceLastSend => TimeSpan.FromMilliseconds(Environment.TickCount64 - _lastSend);

    /// <summary>False when the stream is over: the client left, or was cut for not reading.</summary>
    public async Task<bool> SendAsync(byte[] frame)
    {
        if (aborted.IsCancellationRequested) return false;
        try
        {
            var write = context.Response.Body.WriteAsync(frame, aborted);
            if (!write.IsCompleted)
            {
                var pending = write.AsTask();
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                if (await Task.WhenAny(pending, Task.Delay(options.StallTimeout, stall.Token)) != pending)
                {
                    context.Abort();
                    return false;
                }
                await stall.CancelAsync();
                await pending;
            }
            else
            {
                await write;
            }
            _lastSend = Environment.TickCount64;
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }
}
