namespace Raft3D.PrintFarm; internal static class Placeholder {}
