namespace Raft3D.PrintFarm.Model;

public enum FilamentType : byte { PLA, PETG, ABS, TPU }
