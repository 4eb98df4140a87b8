namespace Raft3D.Chaos.Checker;

/// <summary>One printer id: absent (Company null) or created with this company.</summary>
public readonly record struct PrinterState(string? Company);
