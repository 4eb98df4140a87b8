namespace Raft3D.Consensus; internal static class Placeholder {}
