using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Raft3D.Server.Logging;
using Serilog;
using Serilog.Events;

namespace Raft3D.Server.Tests.Logging;

/// <summary>
/// The host's logging: Serilog's levels decide what is written, one logger per category is kept
/// (ASP.NET Core asks for one on every request), and the request-diagnostics category that would
/// make ASP.NET Core allocate an Activity and a scope per request is off.
/// </summary>
public sealed class NodeLoggerTests
{
    [Theory]
    [InlineData("Raft3D.Consensus.Node.RaftActor", LogLevel.Debug, true)] // the node's own debug lines, when Serilog's level allows them
    [InlineData("Raft3D.Consensus.Node.RaftActor", LogLevel.Trace, false)]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning, true)] // Microsoft.* at warning
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Information, false)]
    [InlineData(NodeLogger.RequestDiagnostics, LogLevel.Critical, false)]
    public void Serilogs_levels_decide_and_request_diagnostics_are_off(string category, LogLevel level, bool enabled)
    {
        using var services = Services();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        Assert.Equal(enabled, logger.IsEnabled(level));
    }

    [Fact]
    public void A_category_asked_for_twice_gets_the_same_logger()
    {
        using var services = Services();
        var factory = services.GetRequiredService<ILoggerFactory>();
        Assert.Same(factory.CreateLogger("Microsoft.AspNetCore.Http.Result.JsonResult"), factory.CreateLogger("Microsoft.AspNetCore.Http.Result.JsonResult"));
    }

    private static ServiceProvider Services()
    {
        var serilog = new LoggerConfiguration().MinimumLevel.Debug().MinimumLevel.Override("Microsoft", LogEventLevel.Warning).CreateLogger();
        return new ServiceCollection().AddLogging(logging => NodeLogger.AddTo(logging, serilog)).BuildServiceProvider();
    }
}
