namespace Raft3D.Server.Api.Models;

/// <summary>A member's id and addresses: raft_address is host:port, akka_address the full Akka address.</summary>
public sealed record MemberAddressView(string Id, string RaftAddress, string HttpAddress, string AkkaAddress);
