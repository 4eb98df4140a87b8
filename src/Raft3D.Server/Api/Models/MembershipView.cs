namespace Raft3D.Server.Api.Models;

/// <summary>The answer to a membership change: the log index it committed at and the configuration in force.</summary>
public sealed record MembershipView(long Index, IReadOnlyList<MemberAddressView> Voters, IReadOnlyList<MemberAddressView> Learners);
