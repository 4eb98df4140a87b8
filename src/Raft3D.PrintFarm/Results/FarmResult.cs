using Raft3D.PrintFarm.Model;

namespace Raft3D.PrintFarm.Results;

/// <summary>
/// The outcome of applying a command, decided in log order on every node. Each kind maps to
/// one HTTP status (<see cref="StatusCode"/>); <see cref="Detail"/> is a sentence a person can
/// act on. Results are immutable and may be handed to another thread.
/// </summary>
public abstract record FarmResult
{
    private FarmResult() { }

    /// <summary>The HTTP status: Created 201, Updated 200, Deleted 204, Invalid 400, NotFound 404, Conflict 409, PreconditionFailed 412, Unprocessable 422.</summary>
    public abstract int StatusCode { get; }

    /// <summary>A short title for a problem document.</summary>
    public abstract string Title { get; }

    /// <summary>What happened, or what is wrong and how to fix it.</summary>
    public abstract string Detail { get; }

    /// <summary>True for Created and Updated: the command changed the farm.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>A new object (a <see cref="Printer"/>, <see cref="Filament"/> or <see cref="PrintJob"/>), as stored.</summary>
    public sealed record Created(object Value) : FarmResult
    {
        public override int StatusCode => 201;

        public override string Title => "Created";

        public override string Detail => $"created {Describe(Value)}";
    }

    /// <summary>An object after the change (a <see cref="PrintJob"/> with its new status).</summary>
    public sealed record Updated(object Value) : FarmResult
    {
        public override int StatusCode => 200;

        public override string Title => "OK";

        public override string Detail => Value is PrintJob job ? $"print job '{job.Id}' is now {job.Status}" : $"updated {Describe(Value)}";
    }

    /// <summary>An object removed; Value is the object as it was (a <see cref="Printer"/> or <see cref="Filament"/>).</summary>
    public sealed record Deleted(object Value) : FarmResult
    {
        public override int StatusCode => 204;

        public override string Title => "No content";

        public override string Detail => $"deleted {Describe(Value)}";
    }

    /// <summary>The change named a version (If-Match) and the object has moved on since: nothing changed.</summary>
    public sealed record PreconditionFailed(string Detail) : FarmResult
    {
        public override int StatusCode => 412;

        public override string Title => "Precondition failed";

        public override string Detail { get; } = Detail;
    }

    /// <summary>The request conflicts with the current state: a taken id, too little filament, an illegal transition.</summary>
    public sealed record Conflict(string Detail) : FarmResult
    {
        public override int StatusCode => 409;

        public override string Title => "Conflict";

        public override string Detail { get; } = Detail;
    }

    /// <summary>The object the command is about does not exist.</summary>
    public sealed record NotFound(string Detail) : FarmResult
    {
        public override int StatusCode => 404;

        public override string Title => "Not found";

        public override string Detail { get; } = Detail;
    }

    /// <summary>Well-formed, but it refers to something that does not exist; Field names the JSON field.</summary>
    public sealed record Unprocessable(string Detail, string? Field) : FarmResult
    {
        public override int StatusCode => 422;

        public override string Title => "Unprocessable entity";

        public override string Detail { get; } = Detail;
    }

    /// <summary>Fields with bad values, each named as in the JSON (snake_case), in field order.</summary>
    public sealed record Invalid : FarmResult
    {
        public Invalid(IEnumerable<FieldError> errors)
        {
            Errors = errors.ToList().AsReadOnly();
            if (Errors.Count == 0) throw new ArgumentException("an invalid result names at least one field", nameof(errors));
        }

        public IReadOnlyList<FieldError> Errors { get; }

        public override int StatusCode => 400;

        public override string Title => "Invalid request";

        public override string Detail => string.Join("; ", Errors.Select(e => $"{e.Field} {e.Message}"));

        /// <summary>Equal when the same fields have the same messages, in the same order.</summary>
        public bool Equals(Invalid? other) => other is not null && Errors.SequenceEqual(other.Errors);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var error in Errors) hash.Add(error);
            return hash.ToHashCode();
        }
    }

    private static string Describe(object value) => value switch
    {
        Printer p => $"printer '{p.Id}'",
        Filament f => $"filament '{f.Id}'",
        PrintJob j => $"print job '{j.Id}'",
        _ => value.GetType().Name,
    };
}
