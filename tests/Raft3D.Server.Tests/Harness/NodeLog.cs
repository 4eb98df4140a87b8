namespace Raft3D.Server.Tests.Harness;

/// <summary>A node's log file as it stands, read while the node still writes it (its file sink flushes once a second).</summary>
public static class NodeLog
{
    /// <summary>The whole file; empty while the node has not created it.</summary>
    public static string Read(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
