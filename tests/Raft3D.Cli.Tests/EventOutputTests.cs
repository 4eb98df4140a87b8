using Raft3D.Cli.Commands;

namespace Raft3D.Cli.Tests;

public sealed class EventOutputTests
{
    [Theory]
    [InlineData("""{"index":3,"type":"printer.created","object":{"id":"p1","company":"Prusa","model":"MK4"}}""",
        "3 printer.created p1 company=Prusa model=MK4")]
    [InlineData("""{"index":17,"type":"print_job.status_changed","object":{"id":"j1","printer_id":"p1","filament_id":"f1","filepath":"a.gcode","print_weight_in_grams":40,"status":"Done"}}""",
        "17 print_job.status_changed j1 printer_id=p1 filament_id=f1 filepath=a.gcode print_weight_in_grams=40 status=Done")]
    [InlineData("""{"index":9,"type":"printer.deleted","object":{"id":"p1"}}""", "9 printer.deleted p1")]
    public void An_event_is_one_line_index_type_id_then_fields(string data, string line) =>
        Assert.Equal(line, EventCommands.Line(data));

    [Fact]
    public async Task The_stream_yields_whole_events_and_skips_comments_and_retry_lines()
    {
        const string stream = "retry: 1000\n\n: keep-alive\n\nid: 4\nevent: printer.created\ndata: {\"a\":1}\n\n" +
                              ": keep-alive\n\nid: 6\nevent: printer.created\ndata:{\"b\":2}\n\nid: 7\ndata: {\"cut\":";
        var events = new List<(long, string)>();
        await foreach (var e in EventCommands.ReadEventsAsync(new StringReader(stream), CancellationToken.None)) events.Add(e);
        // The last event never ended (no blank line): the connection dropped mid-event, so it is not printed.
        Assert.Equal([(4L, "{\"a\":1}"), (6L, "{\"b\":2}")], events);
    }

    private const string TwoEvents =
        "retry: 1000\n\nid: 6\nevent: printer.created\ndata: {\"index\":6,\"type\":\"printer.created\",\"object\":{\"id\":\"p1\",\"company\":\"Prusa\",\"model\":\"MK4\"}}\n\n" +
        "id: 9\nevent: printer.deleted\ndata: {\"index\":9,\"type\":\"printer.deleted\",\"object\":{\"id\":\"p1\",\"company\":\"Prusa\",\"model\":\"MK4\"}}\n\n";

    [Fact]
    public async Task Follow_asks_for_the_stream_with_its_filters_and_position_and_prints_a_line_per_event()
    {
        var nodes = new FakeNodes();
        nodes.Answers["n1:8080 GET /api/v1/events"] = (200, TwoEvents);
        var (exit, output, _) = await nodes.RunAsync("--node", "n1:8080", "events", "--follow", "--since", "5", "--types", "printer", "--printer-id", "p1", "--count", "2");
        Assert.Equal(0, exit);
        Assert.Equal("/api/v1/events?types=printer&printer_id=p1", Assert.Single(nodes.Requests).PathAndQuery);
        Assert.Equal(["6 printer.created p1 company=Prusa model=MK4", "9 printer.deleted p1 company=Prusa model=MK4"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_position_the_node_no_longer_holds_ends_with_its_detail_and_exit_1()
    {
        var nodes = new FakeNodes();
        nodes.Answers["n1:8080 GET /api/v1/events"] = (410, """{"title":"Gone","status":410,"detail":"changes after index 5 are no longer held","applied_index":40}""");
        var (exit, _, error) = await nodes.RunAsync("--node", "n1:8080", "events", "--follow", "--since", "5");
        Assert.Equal(1, exit);
        Assert.Contains("no longer held", error);
    }

    [Theory]
    [InlineData("events")]
    [InlineData("events", "--follow", "--since", "-3")]
    [InlineData("events", "--follow", "--sincee", "3")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var (exit, _, _) = await new FakeNodes().RunAsync(["--node", "n1:8080", .. args]);
        Assert.Equal(2, exit);
    }
}
