namespace Raft3D.PrintFarm.Model;

public enum JobStatus : byte { Queued, Running, Done, Canceled }
