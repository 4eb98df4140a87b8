namespace Raft3D.Cli.Commands;

/// <summary>
/// The command line split into words (the command and its arguments) and options
/// (--name value, --name=value, or a bare --flag). --node may repeat and take commas.
/// </summary>
public sealed class CliArguments
{
    private static readonly HashSet<string> Flags = ["json", "help", "follow"];
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = [];

    public List<string> Words { get; } = [];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h") arg = "--help";
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                parsed.Words.Add(arg);
                continue;
            }
            var name = arg[2..];
            string value;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (Flags.Contains(name))
            {
                value = "true";
            }
            else
            {
                if (i + 1 >= args.Count) throw new UsageException($"--{name} needs a value");
                value = args[++i];
            }
            if (!parsed._options.TryGetValue(name, out var values)) parsed._options[name] = values = [];
            values.Add(value);
        }
        return parsed;
    }

    public bool Has(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Option(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var values) ? values[^1] : null;
    }

    public string Required(string name) => Option(name) ?? throw new UsageException($"--{name} is required");

    public int RequiredInt(string name)
    {
        var text = Required(name);
        return int.TryParse(text, out var value) ? value : throw new UsageException($"--{name} must be a whole number, not '{text}'");
    }

    public int? OptionalInt(string name)
    {
        var text = Option(name);
        if (text is null) return null;
        return int.TryParse(text, out var value) ? value : throw new UsageException($"--{name} must be a whole number, not '{text}'");
    }

    public IReadOnlyList<string> All(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : [];
    }

    /// <summary>Options given but never asked for by the command: a typo, most likely.</summary>
    public void RejectUnknownOptions()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option --{unknown[0]}");
    }

    public string Word(int index, string what) =>
        index < Words.Count ? Words[index] : throw new UsageException($"missing {what}");

    public void NoMoreWordsAfter(int count)
    {
        if (Words.Count > count) throw new UsageException($"unexpected argument '{Words[count]}'");
    }
}
