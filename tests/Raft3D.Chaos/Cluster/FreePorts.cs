using System.Net;
using System.Net.Sockets;

namespace Raft3D.Chaos.Cluster;

/// <summary>Loopback ports the OS reports free, never handed out twice by this process.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                if (Handed.Add(port)) return port;
            }
        }
    }
}
