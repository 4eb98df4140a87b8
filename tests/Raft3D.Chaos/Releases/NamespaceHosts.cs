using Raft3D.Chaos.Cluster;

namespace Raft3D.Chaos.Releases;

/// <summary>
/// A DNS name for every node, as a site's resolver would give: /etc/netns/NS/hosts for each
/// namespace, which `ip netns exec NS` mounts over /etc/hosts for the program it runs.
/// Removed again on dispose.
/// </summary>
public sealed class NamespaceHosts : IDisposable
{
    private readonly List<string> _folders;
    private IDisposable? _cleanup;

    private NamespaceHosts(List<string> folders)
    {
        _folders = folders;
        _cleanup = Cleanup.Register(Remove);
    }

    /// <summary>nodeI.DOMAIN for node I's address, in every namespace of the lab.</summary>
    public static NamespaceHosts Write(NetworkLab lab, string domain)
    {
        var lines = new List<string> { "127.0.0.1 localhost" };
        for (var i = 1; i <= lab.Nodes; i++) lines.Add($"{lab.Address(i)} node{i}.{domain}");
        RemoveStale();
        var folders = new List<string>();
        for (var i = 1; i <= lab.Nodes; i++)
        {
            var folder = Path.Combine("/etc/netns", lab.Namespace(i));
            Directory.CreateDirectory(folder);
            folders.Add(folder);
            File.WriteAllLines(Path.Combine(folder, "hosts"), lines);
        }
        return new NamespaceHosts(folders);
    }

    /// <summary>Hosts files of namespaces that are gone (a killed run's): NetworkLab removes the namespaces, not these.</summary>
    private static void RemoveStale()
    {
        if (!Directory.Exists("/etc/netns")) return;
        var (code, list) = Shell.Run("ip", "netns", "list");
        if (code != 0) return;
        var names = list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories("/etc/netns", "r3d-*"))
            if (!names.Contains(Path.GetFileName(folder))) Directory.Delete(folder, recursive: true);
    }

    private void Remove()
    {
        foreach (var folder in _folders)
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public void Dispose()
    {
        Remove();
        _cleanup?.Dispose();
        _cleanup = null;
    }
}
