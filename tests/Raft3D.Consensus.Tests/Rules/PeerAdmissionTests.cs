using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>Who may reach the Raft core: members of this cluster, and the few non-members Raft needs.</summary>
public sealed class PeerAdmissionTests
{
    private static Member M(string id) => new(id, $"akka.tcp://raft3d@127.0.0.1:7{id[1]}00", $"127.0.0.1:8{id[1]}00");

    /// <summary>n1..n3 voters, n4 learner, cluster c1; latest configuration at index 10.</summary>
    private static readonly ClusterConfiguration Current = new([M("n1"), M("n2"), M("n3")], [M("n4")]) { ClusterId = "c1" };

    /// <summary>Before the latest configuration removed n5.</summary>
    private static readonly ClusterConfiguration WithN5 = new([M("n1"), M("n2"), M("n3"), M("n5")], [M("n4")]) { ClusterId = "c1" };

    private static IRaftMessage Vote(string from, string clusterId) => new RequestVote(9, from, 20, 8, false, false) { ClusterId = clusterId };

    private static IRaftMessage Append(string from, string clusterId, long leaderCommit) =>
        new AppendEntries(9, from, 20, 8, [new LogEntry(21, 9, EntryKind.Command, [1])], leaderCommit, 1) { ClusterId = clusterId };

    private static IRaftMessage Snapshot(string from, string clusterId, long lastIncluded) =>
        new InstallSnapshot(9, from, lastIncluded, 8, [], 0, [1], true, 1) { ClusterId = clusterId };

    public static TheoryData<string, IRaftMessage, string, bool, PeerVerdict> Cases => new()
    {
        { "a voter of this cluster", Vote("n2", "c1"), "c1", false, PeerVerdict.Admit },
        { "a learner catching up", new AppendEntriesResponse(9, "n4", true, 21, 0, 0, 0, 21, 1) { ClusterId = "c1" }, "c1", false, PeerVerdict.Admit },
        { "a v0.1.0 member (no cluster id)", Vote("n2", ""), "c1", false, PeerVerdict.Admit },
        { "a member, on data from before cluster ids", Vote("n2", "c9"), "", false, PeerVerdict.Admit },
        { "a member id of another cluster", Vote("n2", "c9"), "c1", false, PeerVerdict.ForeignCluster },
        { "another cluster's AppendEntries", Append("n1", "c9", 50), "c1", false, PeerVerdict.ForeignCluster },
        { "a non-member's vote request", Vote("x", "c1"), "c1", false, PeerVerdict.NotAMember },
        { "a v0.1.0 non-member", Vote("x", ""), "c1", false, PeerVerdict.NotAMember },
        { "a removed server, removal committed", Vote("n5", "c1"), "c1", false, PeerVerdict.NotAMember },
        { "a removed server's AppendEntries", Append("n5", "c1", 9), "c1", false, PeerVerdict.NotAMember },
        { "a removed server, removal not committed (thesis §4.2.2)", Vote("n5", "c1"), "c1", true, PeerVerdict.Admit },
        { "a leader added by configurations this follower missed", Append("n6", "c1", 11), "c1", false, PeerVerdict.Admit },
        { "its snapshot", Snapshot("n6", "c1", 40), "c1", false, PeerVerdict.Admit },
        { "its vote request is not enough", Vote("n6", "c1"), "c1", false, PeerVerdict.NotAMember },
        { "such a leader without this cluster's id", Append("n6", "", 11), "c1", false, PeerVerdict.NotAMember },
        { "a snapshot no newer than this configuration", Snapshot("n6", "c1", 10), "c1", false, PeerVerdict.NotAMember },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_message_is_admitted_by_its_sender(string sender, IRaftMessage message, string clusterId, bool removalUncommitted, PeerVerdict expected)
    {
        var verdict = PeerAdmission.Judge(message, clusterId, clusterId == "" ? Current with { ClusterId = "" } : Current, 10,
            () => removalUncommitted ? WithN5 : null);

        Assert.True(expected == verdict, $"{sender}: expected {expected}, got {verdict}");
    }

    [Fact]
    public void A_new_server_with_no_configuration_listens_to_the_leader_it_was_joined_to()
    {
        Assert.Equal(PeerVerdict.Admit, PeerAdmission.Judge(Append("n1", "c1", 3), "", ClusterConfiguration.Empty, 0, () => null));
        Assert.Equal(PeerVerdict.Admit, PeerAdmission.Judge(Snapshot("n1", "c1", 30), "", ClusterConfiguration.Empty, 0, () => null));
    }

    [Fact]
    public void The_earlier_configuration_is_only_looked_up_for_a_sender_the_latest_lacks()
    {
        var asked = false;
        PeerAdmission.Judge(Vote("n2", "c1"), "c1", Current, 10, () => { asked = true; return null; });
        Assert.False(asked);
    }
}
