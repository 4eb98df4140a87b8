using System.Text;

namespace Raft3D.Bench.Http;

/// <summary>POST /api/v1/printers, each with a new id.</summary>
public sealed class PrinterWrites(ClusterClient client, TargetSet targets, string idPrefix) : IWorkload
{
    public bool IsWrite => true;

    public async Task<RequestOutcome> ExecuteAsync(long sequence, int slot, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(targets, sequence, slot, cancellationToken);
        if (outcome == RequestOutcome.Refused) targets.Refused(slot);
        return outcome;
    }

    /// <summary>The same kind of write, sent to other targets (the failover prober's).</summary>
    public Task<RequestOutcome> ExecuteProbeAsync(TargetSet probeTargets, long sequence, int slot) =>
        SendAsync(probeTargets, sequence, slot, CancellationToken.None);

    private Task<RequestOutcome> SendAsync(TargetSet to, long sequence, int slot, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":"{{idPrefix}}-{{sequence}}","company":"Prusa","model":"MK4"}""");
        return client.SendAsync(HttpMethod.Post, to.For(slot) + "/api/v1/printers", ClusterClient.JsonContent(body), IsWrite, cancellationToken);
    }
}
