using System.Net;
using System.Net.Sockets;
using System.Text;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Harness;

/// <summary>
/// A POST whose body, padded with JSON whitespace to the size asked for, is sent a little at a
/// time: it holds the node's admission for request bodies for as long as a test needs, fast
/// enough (5 KB/s) that Kestrel's minimum body rate (240 B/s) never aborts it on a loaded machine.
/// </summary>
public sealed class SlowUpload : IAsyncDisposable
{
    private const int Chunk = 512;
    private readonly TcpClient _client = new();
    private readonly byte[] _body;
    private readonly CancellationTokenSource _stop = new();
    private NetworkStream _stream = null!;
    private Task _trickle = Task.CompletedTask;
    private int _sent;

    private SlowUpload(string json, int size)
    {
        var text = Encoding.UTF8.GetBytes(json);
        _body = new byte[Math.Max(size, text.Length)];
        Array.Fill(_body, (byte)' ');
        text.CopyTo(_body, _body.Length - text.Length);
    }

    /// <summary>Sends the headers of POST path with a body of size bytes, then trickles at most half of the body.</summary>
    public static async Task<SlowUpload> StartAsync(int httpPort, string path, string json, int size)
    {
        var upload = new SlowUpload(json, size);
        await upload._client.ConnectAsync(IPAddress.Loopback, httpPort);
        upload._stream = upload._client.GetStream();
        await upload._stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {upload._body.Length}\r\n\r\n"));
        upload._trickle = Task.Run(upload.TrickleAsync);
        return upload;
    }

    /// <summary>A chunk every 100 ms: the pace of the upload, not a wait for a state.</summary>
    private async Task TrickleAsync()
    {
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (_sent + Chunk < _body.Length / 2)
        {
            await _stream.WriteAsync(_body.AsMemory(_sent, Chunk));
            _sent += Chunk;
            try
            {
                await pace.WaitForNextTickAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Starts a slow upload, then sends write (given its attempt's number, from 1) until one is
    /// refused with 429 while the upload holds the room. Under load a write may reach admission
    /// before the upload does, which is then the one refused: an upload the node answered
    /// before its body was complete is started again. Returns the upload, still in progress.
    /// </summary>
    public static async Task<(SlowUpload Upload, HttpResponseMessage Refused, int Attempt)> HoldUntilRefusedAsync(
        Func<Task<SlowUpload>> start, Func<int, Task<HttpResponseMessage>> write, string what)
    {
        var upload = await start();
        HttpResponseMessage? refused = null;
        var attempt = 0;
        try
        {
            await Eventually.True(async () =>
            {
                if (upload.Answered)
                {
                    await upload.DisposeAsync();
                    upload = await start();
                }
                refused = await write(++attempt);
                return refused.StatusCode == HttpStatusCode.TooManyRequests;
            }, TimeSpan.FromSeconds(30), what);
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
        return (upload, refused!, attempt);
    }

    /// <summary>Whether the node has answered (or closed) before the body was complete: it refused the upload at admission.</summary>
    private bool Answered => _client.Client.Poll(0, SelectMode.SelectRead);

    /// <summary>Sends the rest of the body at once; returns the answer's status line.</summary>
    public async Task<string> FinishAsync()
    {
        await _stop.CancelAsync();
        await _trickle;
        await _stream.WriteAsync(_body.AsMemory(_sent));
        return await new StreamReader(_stream, Encoding.ASCII).ReadLineAsync() ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _trickle.ContinueWith(_ => { }, TaskScheduler.Default);
        _client.Dispose();
        _stop.Dispose();
    }
}
