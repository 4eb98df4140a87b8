using System.Text;
using Raft3D.Bench.Http;

namespace Raft3D.Bench.SideBySide;

/// <summary>POST /v3/kv/range of one existing key: linearizable (serializable false, etcd's default), as Raft3D's default reads.</summary>
public sealed class EtcdRanges(ClusterClient client, TargetSet targets, string prefix, int keys) : IWorkload
{
    public bool IsWrite => false;

    public Task<RequestOutcome> ExecuteAsync(long sequence, int slot, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes(EtcdPuts.Key(prefix, sequence % keys)));
        var body = Encoding.UTF8.GetBytes($$"""{"key":"{{key}}","serializable":false}""");
        return client.SendAsync(HttpMethod.Post, targets.For(slot) + "/v3/kv/range", ClusterClient.JsonContent(body), IsWrite, cancellationToken);
    }
}
