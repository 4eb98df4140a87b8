using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Raft3D.Server.Api;
using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Tests.Api;

/// <summary>Every failure a request can meet leaves as problem+json, or as nothing when nobody is listening.</summary>
public sealed class ProblemMiddlewareTests
{
    private static readonly NodeOptions Node = NodeOptionsReader.Read(FlagParser.Parse(["-id", "node1"]));

    public static TheoryData<string, int, string?> Failures => new()
    {
        // what the rest of the pipeline does, the status answered, a part of the problem's detail (null: no body)
        { "no endpoint", 404, "there is no endpoint GET /api/v1/spools" },
        { "wrong method", 405, "GET is not allowed on /api/v1/spools" },
        { "throws", 500, "the node failed to handle the request" },
        { "refuses", 422, "filament_id: no such filament" },
        { "client gone", ProblemMiddleware.ClientClosedRequest, null },
        { "answers 404 itself", 404, "its own answer" },
        { "succeeds", 200, null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failure_is_answered_as_a_problem(string pipeline, int status, string? detail)
    {
        using var aborted = new CancellationTokenSource();
        var context = NewContext(aborted.Token);
        var middleware = new ProblemMiddleware(Pipeline(pipeline, aborted), context.RequestServices.GetRequiredService<IProblemDetailsService>(),
            Node, NullLogger<ProblemMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(status, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        if (detail is null)
        {
            Assert.Equal(0, context.Response.Body.Length);
            return;
        }
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
        var problem = (await JsonDocument.ParseAsync(context.Response.Body)).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unexpected_exception_is_logged_without_the_body()
    {
        var context = NewContext(CancellationToken.None);
        var log = new RecordingLogger();
        var middleware = new ProblemMiddleware(Pipeline("throws", null), context.RequestServices.GetRequiredService<IProblemDetailsService>(),
            Node, log);

        await middleware.InvokeAsync(context);

        var line = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("GET /api/v1/spools", line.Message);
        Assert.DoesNotContain("secret", line.Message);
    }

    private static DefaultHttpContext NewContext(CancellationToken aborted)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.Fill);
        var context = new DefaultHttpContext { RequestServices = services.BuildServiceProvider(), RequestAborted = aborted };
        context.Request.Method = "GET";
        context.Request.Path = "/api/v1/spools";
        context.Request.Body = new MemoryStream("{\"password\":\"secret\"}"u8.ToArray());
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static RequestDelegate Pipeline(string name, CancellationTokenSource? aborted) => name switch
    {
        "no endpoint" => context => { context.Response.StatusCode = 404; return Task.CompletedTask; },
        "wrong method" => context => { context.Response.StatusCode = 405; return Task.CompletedTask; },
        "throws" => _ => throw new InvalidOperationException("a bug"),
        "refuses" => _ => throw new ApiException(422, "Unprocessable", "no such filament", "filament_id"),
        "client gone" => _ =>
        {
            aborted!.Cancel();
            throw new OperationCanceledException();
        },
        "answers 404 itself" => context => Problems.WriteAsync(context, 404, "Not found", "its own answer"),
        "succeeds" => _ => Task.CompletedTask,
        _ => throw new ArgumentException(name),
    };

    private sealed class RecordingLogger : ILogger<ProblemMiddleware>
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
