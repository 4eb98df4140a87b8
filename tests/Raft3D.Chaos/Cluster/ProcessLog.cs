namespace Raft3D.Chaos.Cluster;

/// <summary>Copies a child process's output lines into its log file, from both of its reader threads.</summary>
public static class ProcessLog
{
    public static void Write(StreamWriter writer, string? line)
    {
        if (line is null) return;
        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process exited and its log was closed while this line was on its way.
            }
        }
    }
}
