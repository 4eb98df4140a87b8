namespace Raft3D.PrintFarm.Results;

/// <summary>
/// The outcome of applying a command, decided in log order on every node. Each kind maps to
/// one HTTP status; Detail is a sentence a person can act on.
/// </summary>
public abstract record FarmResult
{
    private FarmResult() { }

    public abstract int StatusCode { get; }

    public abstract string Title { get; }

    /// <summary>A new object (a Printer, Filament or PrintJob), as stored.</summary>
    public sealed record Created(object Value) : FarmResult
    {
        public override int StatusCode => 201;

        public override string Title => "Created";
    }

    /// <summary>An object after the change.</summary>
    public sealed record Updated(object Value) : FarmResult
    {
        public override int StatusCode => 200;

        public override string Title => "OK";
    }

    /// <summary>The request conflicts with the current state (a taken id, too little filament, an illegal transition).</summary>
    public sealed record Conflict(string Detail) : FarmResult
    {
        public override int StatusCode => 409;

        public override string Title => "Conflict";
    }

    public sealed record NotFound(string Detail) : FarmResult
    {
        public override int StatusCode => 404;

        public override string Title => "Not found";
    }

    /// <summary>Well-formed, but it refers to something that does not exist.</summary>
    public sealed record Unprocessable(string Detail, string? Field) : FarmResult
    {
        public override int StatusCode => 422;

        public override string Title => "Unprocessable entity";
    }

    /// <summary>Fields with bad values.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : FarmResult
    {
        public override int StatusCode => 400;

        public override string Title => "Invalid request";

        public string Detail => string.Join("; ", Errors.Select(e => $"{e.Field}: {e.Message}"));
    }
}
