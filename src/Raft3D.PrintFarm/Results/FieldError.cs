namespace Raft3D.PrintFarm.Results;

/// <summary>What is wrong with one field of a request, named as in the JSON (snake_case).</summary>
public sealed record FieldError(string Field, string Message);
