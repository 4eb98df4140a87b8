using System.Text;

namespace Raft3D.Consensus.Membership;

/// <summary>The binary form of a configuration inside a log entry or a snapshot.</summary>
public static class ConfigurationCodec
{
    private const byte Version = 1;

    public static byte[] Encode(ClusterConfiguration configuration)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            WriteMembers(writer, configuration.Voters);
            WriteMembers(writer, configuration.Learners);
            // A trailing field, after what older releases read (they ignore the rest), so a
            // cluster mixing releases keeps decoding each other's configurations.
            writer.Write(configuration.ClusterId);
        }
        return stream.ToArray();
    }

    public static ClusterConfiguration Decode(ReadOnlySpan<byte> data)
    {
        using var stream = new MemoryStream(data.ToArray());
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version) throw new InvalidDataException($"unknown configuration format version {version}");
        var voters = ReadMembers(reader);
        var learners = ReadMembers(reader);
        var clusterId = stream.Position < stream.Length ? reader.ReadString() : "";
        return new ClusterConfiguration(voters, learners) { ClusterId = clusterId };
    }

    private static void WriteMembers(BinaryWriter writer, IReadOnlyList<Member> members)
    {
        writer.Write7BitEncodedInt(members.Count);
        foreach (var member in members)
        {
            writer.Write(member.Id);
            writer.Write(member.RaftAddress);
            writer.Write(member.HttpAddress);
        }
    }

    private static Member[] ReadMembers(BinaryReader reader)
    {
        var members = new Member[reader.Read7BitEncodedInt()];
        for (var i = 0; i < members.Length; i++)
            members[i] = new Member(reader.ReadString(), reader.ReadString(), reader.ReadString());
        return members;
    }
}
