using System.Diagnostics;
using System.Net;
using System.Text;

namespace Raft3D.Bench.Http;

/// <summary>
/// Creates objects through POST /api/v1/{kind} with many clients at once, each taking the next
/// object number. A refused or overloaded request (429, 503, no answer) is retried; a 409 on a
/// retry means an earlier attempt was applied.
/// </summary>
public sealed class FarmLoader(ClusterClient client, string baseUrl, int clients)
{
    public async Task<LoadPhase> LoadAsync(string kind, long count, Func<long, string> json)
    {
        long next = -1, done = 0, failed = 0;
        var step = Math.Max(1, count / 10);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                if (!await CreateAsync(kind, Encoding.UTF8.GetBytes(json(n)))) Interlocked.Increment(ref failed);
                var finished = Interlocked.Increment(ref done);
                if (finished % step == 0)
                    Console.WriteLine($"  {kind}: {finished}/{count} after {clock.Elapsed.TotalSeconds:0.0} s ({finished / clock.Elapsed.TotalSeconds:0}/s)");
            }
        })));
        return new LoadPhase(kind, count, clock.Elapsed, failed);
    }

    private async Task<bool> CreateAsync(string kind, byte[] body)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            try
            {
                using var response = await client.Http.PostAsync($"{baseUrl}/api/v1/{kind}", ClusterClient.JsonContent(body));
                if (response.IsSuccessStatusCode) return true;
                if (response.StatusCode == HttpStatusCode.Conflict && attempt > 0) return true;
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                {
                    await Console.Error.WriteLineAsync($"  {kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // no answer: retry (a 409 then says it landed)
            }
            await Task.Delay(50 * (attempt + 1));
        }
        return false;
    }
}
