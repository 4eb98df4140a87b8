using System.Net;
using System.Net.Sockets;
using Raft3D.Consensus.Persistence;
using Raft3D.Server.Flags;

namespace Raft3D.Server.Hosting;

/// <summary>What must hold before the node starts, each failing with one clear line.</summary>
public static class StartupChecks
{
    /// <summary>
    /// -clean: empties DATA/ID, this node's own folder and nothing else, keeping the lock file
    /// (<see cref="DataDirectoryLock"/>), which is taken first: a -clean start can never wipe the
    /// data of a node that is running on it.
    /// </summary>
    public static void Clean(NodeOptions node)
    {
        if (!Directory.Exists(node.DataDirectory)) return;
        try
        {
            foreach (var entry in new DirectoryInfo(node.DataDirectory).EnumerateFileSystemInfos())
            {
                if (entry.Name == DataDirectoryLock.FileName) continue;
                if (entry is DirectoryInfo folder) folder.Delete(recursive: true);
                else entry.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"-clean: cannot delete {node.DataDirectory}: {e.Message}");
        }
    }

    /// <summary>DATA/ID and the log folder exist and are writable; the SQLite file opens (WAL on).</summary>
    public static void Directories(NodeOptions node)
    {
        Writable(node.DataDirectory, "-data");
        Writable(Path.GetDirectoryName(node.LogFile)!, "-logs");
        try
        {
            SqliteStorage.Prepare(node.DatabasePath);
        }
        catch (UnusableDatabaseException e)
        {
            throw new StartupException($"-data: the database {e.DatabasePath} is unusable ({e.Problem}); restore this node's data " +
                                       "from a backup, or move the file away and let the node rejoin as a new member (remove it from the cluster, then -clean -join)");
        }
        catch (Exception e)
        {
            throw new StartupException($"-data: cannot open the database {node.DatabasePath}: {e.Message}");
        }
    }

    private static void Writable(string folder, string flag)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new StartupException($"{flag}: cannot write to {folder}: {e.Message}");
        }
    }

    /// <summary>The -raft and -http ports can be bound now (the actor system and Kestrel bind them next).</summary>
    public static void Ports(NodeOptions node)
    {
        Probe(node.Raft.BindAddress("raft") ?? IPAddress.Any, node.Raft.Port, $"-raft {node.Raft}");
        Probe(node.Http.BindAddress("http") ?? IPAddress.Any, node.Http.Port, $"-http {node.Http}");
    }

    private static void Probe(IPAddress address, int port, string what)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
        }
        catch (SocketException e)
        {
            var reason = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "the port is already in use (another node or program listens there)",
                SocketError.AddressNotAvailable => "the address is not one of this machine's",
                SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
                _ => e.Message,
            };
            throw new StartupException($"{what}: cannot listen: {reason}");
        }
    }

    /// <summary>For flags: true when the exception is one this class throws for a bad setting.</summary>
    public static bool IsUserError(Exception e) => e is StartupException or FlagException;
}
