using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Raft3D.Consensus.Hosting;
using Raft3D.PrintFarm.Encoding;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;
using Raft3D.Server.Api;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Tests.Api;

/// <summary>Every write outcome maps to its HTTP answer; the ones a cluster test cannot force on demand are here.</summary>
public sealed class WriteResultsTests
{
    private static async Task<(int Status, JsonElement Body, IHeaderDictionary Headers)> RenderAsync(ProposeOutcome outcome)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>)).BuildServiceProvider(),
        };
        context.Request.Path = "/api/v1/printers";
        context.Response.Body = new MemoryStream();
        await WriteResults.ToHttp(context, outcome, retryAfterSeconds: 2).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, body.RootElement, context.Response.Headers);
    }

    [Fact]
    public async Task An_unknown_outcome_is_503_saying_so_with_retry_after()
    {
        var (status, body, headers) = await RenderAsync(new ProposeOutcome.OutcomeUnknown("leadership was lost before the command was known to commit"));

        Assert.Equal(503, status);
        Assert.Equal("2", headers.RetryAfter.ToString());
        Assert.Equal("Outcome unknown", body.GetProperty("title").GetString());
        Assert.Contains("may or may not have been applied", body.GetProperty("detail").GetString());
        Assert.Contains("Idempotency-Key", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task No_leader_is_503_saying_nothing_was_applied()
    {
        var (status, body, headers) = await RenderAsync(new ProposeOutcome.NoLeader("no leader is known"));

        Assert.Equal(503, status);
        Assert.Equal("2", headers.RetryAfter.ToString());
        Assert.Contains("nothing was applied", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_replayed_result_is_the_first_answer_marked_as_replayed()
    {
        var farm = FarmResultCodec.Encode(new FarmResult.Created(new Printer("p1", "Prusa", "MK4")));

        var (status, body, headers) = await RenderAsync(new ProposeOutcome.Applied(9, ApplyOutcome.Replayed(farm).Encode()));

        Assert.Equal(201, status);
        Assert.Equal("/api/v1/printers/p1", headers.Location.ToString());
        Assert.Equal("true", headers["Idempotent-Replayed"].ToString());
        Assert.Equal("p1", body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_malformed_entry_is_a_500_problem()
    {
        var (status, body, _) = await RenderAsync(new ProposeOutcome.Applied(9, ApplyOutcome.Malformed("log entry 9 is not a command").Encode()));

        Assert.Equal(500, status);
        Assert.Contains("log entry 9", body.GetProperty("detail").GetString());
    }
}
