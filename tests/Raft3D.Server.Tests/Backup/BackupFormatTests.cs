using System.Security.Cryptography;
using Raft3D.Server.Backup;

namespace Raft3D.Server.Tests.Backup;

/// <summary>The backup file format: what it keeps, and every way a damaged file is refused.</summary>
public sealed class BackupFormatTests
{
    private static readonly BackupHeader Header = new(BackupFormat.Version, "c-42", 1234, 7, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), 100);
    private static readonly byte[] Payload = Enumerable.Range(0, 100).Select(i => (byte)(i * 7)).ToArray();

    private static int HeaderLength => BackupFormat.EncodeHeader(Header).Length;

    [Fact]
    public void A_backup_reads_back_as_written()
    {
        var file = BackupFormat.Encode(Header, Payload);
        Assert.Equal(BackupFormat.FileLength(Header), file.Length);
        var (header, payload) = BackupFormat.Decode(file);
        Assert.Equal(Header, header);
        Assert.Equal(Payload, payload);
    }

    [Fact]
    public void An_empty_cluster_id_and_an_empty_payload_are_valid()
    {
        var header = Header with { ClusterId = "", PayloadLength = 0 };
        var (read, payload) = BackupFormat.Decode(BackupFormat.Encode(header, []));
        Assert.Equal(header, read);
        Assert.Empty(payload);
    }

    public static TheoryData<string, int> Truncations => new()
    {
        { "inside the format version", 9 },
        { "inside the cluster id", 13 },
        { "inside the header", 20 },
        { "promises", 60 },
        { "promises", 140 },
        { "promises", 140 + 31 },
    };

    [Theory]
    [MemberData(nameof(Truncations))]
    public void A_truncated_file_is_refused(string message, int keep)
    {
        var file = BackupFormat.Encode(Header, Payload);
        var error = Assert.Throws<InvalidBackupException>(() => BackupFormat.Decode(file.AsSpan(0, keep)));
        Assert.Contains("truncated", error.Message);
        Assert.Contains(message, error.Message);
    }

    // The header of this test's file is 48 bytes: magic 0-7, version 8-9, id length 10-11,
    // id 12-15, index 16-23, term 24-31, time 32-39, payload length 40-47; payload 48-147,
    // checksum 148-179.
    [Theory]
    [InlineData("the cluster id", 13)]
    [InlineData("the index", 17)]
    [InlineData("the term", 25)]
    [InlineData("the time taken", 33)]
    [InlineData("the payload", 70)]
    [InlineData("the last payload byte", 147)]
    [InlineData("the checksum", 155)]
    public void A_flipped_bit_is_refused_as_corrupt(string where, int offset)
    {
        var file = BackupFormat.Encode(Header, Payload);
        file[offset] ^= 0x10;
        var error = Assert.Throws<InvalidBackupException>(() => BackupFormat.Decode(file));
        Assert.True(error.Message.Contains("corrupt"), $"{where}: {error.Message}");
    }

    [Fact]
    public void Every_single_bit_flip_is_refused()
    {
        var file = BackupFormat.Encode(Header, Payload);
        for (var bit = 0; bit < file.Length * 8; bit++)
        {
            var damaged = (byte[])file.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<InvalidBackupException>(() => BackupFormat.Decode(damaged));
        }
    }

    [Fact]
    public void A_file_that_is_not_a_backup_says_so()
    {
        var error = Assert.Throws<InvalidBackupException>(() => BackupFormat.Decode("{\"printers\":[]}"u8));
        Assert.Contains("not a Raft3D backup", error.Message);
    }

    [Fact]
    public void A_newer_format_version_is_refused_by_name_even_with_a_valid_checksum()
    {
        var file = BackupFormat.Encode(Header with { FormatVersion = BackupFormat.Version + 1 }, Payload);
        var error = Assert.Throws<InvalidBackupException>(() => BackupFormat.Decode(file));
        Assert.Contains($"format version {BackupFormat.Version + 1}", error.Message);
        Assert.Contains($"reads version {BackupFormat.Version}", error.Message);
    }

    [Fact]
    public void Bytes_after_the_checksum_are_refused()
    {
        var file = BackupFormat.Encode(Header, Payload).Concat(new byte[] { 0 }).ToArray();
        Assert.Contains("after the end", Assert.Throws<InvalidBackupException>(() => BackupFormat.Decode(file)).Message);
    }

    [Fact]
    public void The_checksum_is_a_sha256_of_header_and_payload()
    {
        var file = BackupFormat.Encode(Header, Payload);
        Assert.Equal(SHA256.HashData(file.AsSpan(0, HeaderLength + Payload.Length)), file[^32..]);
    }

    [Fact]
    public void Reading_a_missing_file_names_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.r3db");
        Assert.Contains(path, Assert.Throws<InvalidBackupException>(() => BackupFormat.ReadFile(path)).Message);
    }
}
