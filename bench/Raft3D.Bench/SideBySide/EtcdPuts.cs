using System.Text;
using Raft3D.Bench.Http;

namespace Raft3D.Bench.SideBySide;

/// <summary>
/// POST /v3/kv/put of a new key each, whose value is the same printer JSON that Raft3D's writes
/// send, so both systems replicate and store a comparable payload.
/// </summary>
public sealed class EtcdPuts(ClusterClient client, TargetSet targets, string prefix) : IWorkload
{
    public bool IsWrite => true;

    public static string Key(string prefix, long n) => $"printers/{prefix}-{n}";

    public static byte[] Body(string prefix, long n)
    {
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key(prefix, n)));
        var value = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"id":"{{prefix}}-{{n}}","company":"Prusa","model":"MK4"}"""));
        return Encoding.UTF8.GetBytes($$"""{"key":"{{key}}","value":"{{value}}"}""");
    }

    public Task<RequestOutcome> ExecuteAsync(long sequence, int slot, CancellationToken cancellationToken) =>
        client.SendAsync(HttpMethod.Post, targets.For(slot) + "/v3/kv/put", ClusterClient.JsonContent(Body(prefix, sequence)), IsWrite, cancellationToken);
}
