using Raft3D.Consensus.Serialization;

namespace Raft3D.Consensus.Membership;

/// <summary>The binary form of a configuration inside a log entry or a snapshot.</summary>
public static class ConfigurationCodec
{
    private const byte Version = 1;

    public static byte[] Encode(ClusterConfiguration configuration)
    {
        var measure = WireWriter.Measuring();
        Write(ref measure, configuration);
        var bytes = new byte[measure.Position];
        var writer = new WireWriter(bytes);
        Write(ref writer, configuration);
        return bytes;
    }

    /// <summary>Writes the encoded configuration (version byte included), unprefixed.</summary>
    public static void Write(ref WireWriter writer, ClusterConfiguration configuration)
    {
        writer.WriteByte(Version);
        WriteMembers(ref writer, configuration.Voters);
        WriteMembers(ref writer, configuration.Learners);
        // A trailing field, after what older releases read (they ignore the rest), so a
        // cluster mixing releases keeps decoding each other's configurations.
        writer.WriteString(configuration.ClusterId);
    }

    public static ClusterConfiguration Decode(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data);
        var version = reader.ReadByte();
        if (version != Version) throw new InvalidDataException($"unknown configuration format version {version}");
        var voters = ReadMembers(ref reader);
        var learners = ReadMembers(ref reader);
        var clusterId = reader.AtEnd ? "" : reader.ReadString();
        return new ClusterConfiguration(voters, learners) { ClusterId = clusterId };
    }

    private static void WriteMembers(ref WireWriter writer, IReadOnlyList<Member> members)
    {
        writer.WriteVarInt(members.Count);
        foreach (var member in members)
        {
            writer.WriteString(member.Id);
            writer.WriteString(member.RaftAddress);
            writer.WriteString(member.HttpAddress);
        }
    }

    private static Member[] ReadMembers(ref WireReader reader)
    {
        var members = new Member[reader.ReadVarInt()];
        for (var i = 0; i < members.Length; i++)
            members[i] = new Member(reader.ReadString(), reader.ReadString(), reader.ReadString());
        return members;
    }
}
