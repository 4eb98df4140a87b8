namespace Raft3D.Server.Api.Models;

/// <summary>POST /join: the node to add, its Raft address (host:port) and its HTTP address.</summary>
public sealed record JoinInput(string? NodeId, string? Addr, string? HttpAddr);
