using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Raft3D.Cli.Commands;

/// <summary>
/// `raft3d cluster settings [set …]`: the settings every node applies (SPEC §11), read with
/// GET /cluster/settings and changed through the log with PATCH /cluster/settings.
/// </summary>
public static class SettingsCommand
{
    public static Command Build(CommandTree tree)
    {
        var settings = new Command("settings", "The settings every node applies (the idempotency bounds); 'set' changes them through the log");
        tree.Handle(settings, ShowAsync);

        var set = new Command("set", "Change the cluster's settings: the ones given replace the current ones, on every node");
        var maxEntries = new Option<int?>("--idempotency-max-entries") { Description = "How many Idempotency-Key results to keep", HelpName = "n" };
        var maxAge = new Option<string?>("--idempotency-max-age") { Description = "How long to keep them: seconds, or a number with s, m, h or d (24h)", HelpName = "age" };
        set.Options.Add(maxEntries);
        set.Options.Add(maxAge);
        tree.Handle(set, context => SetAsync(context, context.Value(maxEntries), context.Value(maxAge)));
        settings.Subcommands.Add(set);
        return settings;
    }

    private static async Task<int> ShowAsync(CommandContext context) =>
        context.Print(await context.Client.SendAsync(HttpMethod.Get, "/cluster/settings"));

    private static async Task<int> SetAsync(CommandContext context, int? maxEntries, string? maxAge)
    {
        if (maxEntries is null && maxAge is null) throw new UsageException("give --idempotency-max-entries, --idempotency-max-age or both");
        var body = new Dictionary<string, long>();
        if (maxEntries is { } entries) body["idempotency_max_entries"] = entries;
        if (maxAge is not null) body["idempotency_max_age_seconds"] = Seconds(maxAge);
        return context.Print(await context.Client.SendAsync(HttpMethod.Patch, "/cluster/settings", JsonSerializer.Serialize(body)));
    }

    /// <summary>"90", "90s", "30m", "24h" or "7d" as whole seconds.</summary>
    public static long Seconds(string text)
    {
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = char.IsLetter(text.Length > 0 ? text[^1] : '0') ? text[..^1] : text;
        long scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3_600, 'd' => 86_400, _ => 0 };
        if (scale == 0 || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > int.MaxValue / scale)
            throw new UsageException($"--idempotency-max-age takes seconds or a number with s, m, h or d (like 24h), not '{text}'");
        return value * scale;
    }
}
