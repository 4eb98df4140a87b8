using Raft3D.Consensus.Hosting;
using Raft3D.Consensus.Node;
using Raft3D.PrintFarm;
using Raft3D.Server.Hosting;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Api;

/// <summary>Serves reads: linearizable by default, ?consistency=local for this node's applied state.</summary>
public sealed class FarmReads(FarmViewReader views, NodeOptions node)
{
    /// <summary>The log index the answer reflects.</summary>
    public const string AppliedIndexHeader = "X-Raft-Applied-Index";

    /// <summary>raft3d.api.max-list: the most objects a list answers without ?limit=.</summary>
    public int MaxList => node.Api.MaxList;

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
    public Task<IResult> AnswerAsync<T>(HttpContext context, Func<FarmView, T> query, Func<T, IResult> answer) =>
        AnswerFromViewAsync(context, view => query(view.Farm), answer);

    /// <summary>The same, on the whole applied view (the farm and the cluster's settings).</summary>
    public async Task<IResult> AnswerFromViewAsync<T>(HttpContext context, Func<AppliedView, T> query, Func<T, IResult> answer)
    {
        var consistency = Consistency(context.Request);
        switch (await views.ReadAsync(consistency, context.RequestAborted))
        {
            case ReadOutcome<AppliedView>.Served served:
                context.Response.Headers[AppliedIndexHeader] = served.AppliedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return answer(query(served.Value));
            case ReadOutcome<AppliedView>.NoLeader noLeader:
                return RaftResults.ReadNotServed(context, noLeader.Reason, node.Api.RetryAfterSeconds);
            case var other:
                throw new InvalidOperationException($"unexpected read outcome {other}");
        }
    }
}
