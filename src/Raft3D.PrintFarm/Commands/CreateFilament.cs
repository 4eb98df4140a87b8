namespace Raft3D.PrintFarm.Commands;

/// <summary>Type is the text as given (any case); RemainingWeightInGrams null means "the total".</summary>
public sealed record CreateFilament(string Id, string Type, string Color, int TotalWeightInGrams, int? RemainingWeightInGrams) : FarmCommand;
