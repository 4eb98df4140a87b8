namespace Raft3D.Chaos.Workload;

/// <summary>A printer id under test: up to two competing creates (different companies) and reads.</summary>
public sealed class PrinterKey(string id)
{
    public const int Budget = 8;
    public const int MaxCreates = 2;

    public string Id { get; } = id;

    public string Key => $"printer:{Id}";

    public int Issued { get; set; }

    public int Creates { get; set; }
}
