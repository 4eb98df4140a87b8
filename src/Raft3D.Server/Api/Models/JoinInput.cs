namespace Raft3D.Server.Api.Models;

/// <summary>
/// POST /join: the node to add, its Raft address (host:port) and its HTTP address; ClusterId is
/// the cluster the joiner's own data belongs to, as a joining node reports it ("": it has no data;
/// absent: not reported, e.g. an operator's request), so that a node with another cluster's data,
/// or a voter that lost its data, is refused.
/// </summary>
public sealed record JoinInput(string? NodeId, string? Addr, string? HttpAddr, string? ClusterId = null);
