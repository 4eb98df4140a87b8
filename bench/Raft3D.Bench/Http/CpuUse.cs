using System.Diagnostics;

namespace Raft3D.Bench.Http;

/// <summary>CPU time used during a run by the nodes (null for a cluster the bench did not start) and by the bench itself.</summary>
public sealed record CpuUse(TimeSpan? Nodes, TimeSpan Bench)
{
    /// <summary>Starts measuring; call the returned function when the run ends.</summary>
    public static Func<CpuUse> Start(LocalCluster? cluster)
    {
        var nodes = cluster?.CpuTime();
        var bench = Process.GetCurrentProcess().TotalProcessorTime;
        return () => new CpuUse(cluster is null ? null : cluster.CpuTime() - nodes!.Value, Process.GetCurrentProcess().TotalProcessorTime - bench);
    }
}
