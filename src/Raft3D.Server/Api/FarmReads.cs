using Raft3D.Consensus.Node;
using Raft3D.PrintFarm;

namespace Raft3D.Server.Api;

/// <summary>Serves reads: linearizable by default, ?consistency=local for this node's applied state.</summary>
public sealed class FarmReads(RaftGateway gateway)
{
    /// <summary>The log index the answer reflects.</summary>
    public const string AppliedIndexHeader = "X-Raft-Applied-Index";

    /// <summary>raft3d.api.max-list: the most objects a list answers without ?limit=.</summary>
    public int MaxList => gateway.Options.MaxList;

    public static ReadConsistency Consistency(HttpRequest request)
    {
        var value = request.Query["consistency"].ToString();
        return value.ToLowerInvariant() switch
        {
            "" or "linearizable" or "strong" => ReadConsistency.Linearizable,
            "local" or "stale" => ReadConsistency.Local,
            _ => throw ApiException.BadRequest($"consistency must be linearizable (the default) or local, not '{value}'", "consistency"),
        };
    }

    /// <summary>Runs query on this thread, on an immutable view of the farm, and answers 200 with answer(result), or 503.</summary>
    public async Task<IResult> AnswerAsync<T>(HttpContext context, Func<FarmView, T> query, Func<T, IResult> answer)
    {
        var consistency = Consistency(context.Request);
        var outcome = await gateway.ReadViewAsync(consistency, context.RequestAborted);
        if (!outcome.Served)
        {
            var retry = gateway.Options.RetryAfterSeconds;
            return Problems.Result(context, 503, "No leader",
                $"{outcome.Reason}; retry after {retry} s, or read this node's possibly stale state with ?consistency=local",
                retryAfterSeconds: retry);
        }
        context.Response.Headers[AppliedIndexHeader] = outcome.AppliedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return answer(query(outcome.Value!.Farm));
    }
}
