using System.Net;
using System.Net.Sockets;

namespace Raft3D.Server.Tests.Harness;

/// <summary>
/// A TCP relay in front of a node's Raft port (the node advertises the relay's port). The first
/// connection it relays to the node is stalled the way a partition that starts while a peer connects stalls
/// it: what the connecting side sends waits until <c>holdClient</c> after the connection, what
/// the node answers until <c>holdServer</c> after it, in order. Later connections pass at once.
/// </summary>
public sealed class StallingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly int _targetPort;
    private readonly TimeSpan _holdClient;
    private readonly TimeSpan _holdServer;
    private readonly Task _accepting;
    private int _connections;

    public StallingRelay(int targetPort, TimeSpan holdClient, TimeSpan holdServer)
    {
        _targetPort = targetPort;
        _holdClient = holdClient;
        _holdServer = holdServer;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                }
                catch (SocketException)
                {
                    client.Dispose();
                    server.Dispose();
                    continue;
                }
                // Only a connection that reached the node counts (the node may not listen yet).
                var first = Interlocked.Increment(ref _connections) == 1;
                var opened = DateTime.UtcNow;
                lock (_pumps)
                {
                    _pumps.Add(PumpAsync(client, server, first ? opened + _holdClient : opened));
                    _pumps.Add(PumpAsync(server, client, first ? opened + _holdServer : opened));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, DateTime notBefore)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                var wait = notBefore - DateTime.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _stop.Token);
                await target.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            // One side is done: end both, as a connection would.
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_pumps) pumps = [.. _pumps];
        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
