namespace Raft3D.PrintFarm.Model;

public sealed record PrintJob(string Id, string PrinterId, string FilamentId, string Filepath, int PrintWeightInGrams, JobStatus Status);
