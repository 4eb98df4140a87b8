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
}
