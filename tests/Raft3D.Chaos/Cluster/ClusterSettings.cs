namespace Raft3D.Chaos.Cluster;

/// <summary>How to build the cluster under test.</summary>
public sealed record ClusterSettings(
    int Nodes,
    string ServerDll,
    string Root,
    bool UseNamespaces,
    TimeSpan ServerRequestTimeout,
    int SnapshotThreshold,
    bool Tls = false,
    bool ApiKeys = false,
    bool DataOnTmpfs = false);
