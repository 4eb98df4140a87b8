using System.Net;
using System.Net.Sockets;

namespace Raft3D.Testing;

/// <summary>Loopback ports the OS reports free, never handed out twice by this process. Linked into the test projects that start servers.</summary>
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
