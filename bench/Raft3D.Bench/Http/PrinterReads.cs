using System.Text;

namespace Raft3D.Bench.Http;

/// <summary>GET /api/v1/printers/{id} of one of a set of existing printers, linearizable or ?consistency=local.</summary>
public sealed class PrinterReads(ClusterClient client, TargetSet targets, IReadOnlyList<string> ids, bool local) : IWorkload
{
    public bool IsWrite => false;

    public async Task<RequestOutcome> ExecuteAsync(long sequence, int slot, CancellationToken cancellationToken)
    {
        var url = $"{targets.For(slot)}/api/v1/printers/{ids[(int)(sequence % ids.Count)]}{(local ? "?consistency=local" : "")}";
        var outcome = await client.SendAsync(HttpMethod.Get, url, null, IsWrite, cancellationToken);
        if (outcome == RequestOutcome.Refused) targets.Refused(slot);
        return outcome;
    }

    /// <summary>Creates the printers the reads look up (through the first target).</summary>
    public static async Task<IReadOnlyList<string>> CreatePrintersAsync(ClusterClient client, string httpAddress, string prefix, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        foreach (var id in ids)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","company":"Prusa","model":"XL"}""");
            var outcome = await client.SendAsync(HttpMethod.Post, $"{client.BaseUrl(httpAddress)}/api/v1/printers", ClusterClient.JsonContent(body), true, CancellationToken.None);
            if (outcome != RequestOutcome.Succeeded) throw new InvalidOperationException($"could not create printer {id}: {outcome}");
        }
        return ids;
    }
}
