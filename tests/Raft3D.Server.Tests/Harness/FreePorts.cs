using System.Net;
using System.Net.Sockets;

namespace Raft3D.Server.Tests.Harness;

/// <summary>Loopback ports the OS reports free (never reused within a test run).</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
                if (Handed.Add(port)) return port;
            }
        }
    }
}
