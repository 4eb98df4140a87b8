using Raft3D.Server.Flags;
using Raft3D.Server.Security;

namespace Raft3D.Server.Tests.Security;

public sealed class ApiKeyFileTests
{
    private const string Admin = "admin-key-0123456789";
    private const string Writer = "write-key-0123456789";
    private const string Reader = "read-key-01234567890";

    [Fact]
    public void A_file_of_keys_roles_names_comments_and_blank_lines_is_read()
    {
        var keys = ApiKeyFile.Parse([
            "# operators", "", $"{Reader} read dashboard", $"  {Writer}\twrite   # the shop floor", $"{Admin} admin ops", $"{Admin}x admin",
        ], "keys.txt");

        Assert.Equal([ApiRole.Read, ApiRole.Write, ApiRole.Admin, ApiRole.Admin], keys.All.Select(k => k.Role));
        Assert.Equal(["dashboard", "line 4", "ops", "line 6"], keys.All.Select(k => k.Name));
        Assert.Equal(ApiRole.Write, keys.Find(Writer)?.Role);
        Assert.Equal("ops", keys.Find(Admin)?.Name);
        Assert.Null(keys.Find("nobody-has-this-key"));
        Assert.Null(keys.Find(Admin[..^1]));
        Assert.Equal(Admin, keys.NodeKey);
    }

    [Fact]
    public void Only_hashes_of_the_keys_are_kept()
    {
        var keys = ApiKeyFile.Parse([$"{Admin} admin"], "keys.txt");
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Admin)), keys.All[0].Hash);
    }

    [Fact]
    public void A_file_without_an_admin_key_gives_the_node_no_key_of_its_own()
    {
        Assert.Null(ApiKeyFile.Parse([$"{Reader} read"], "keys.txt").NodeKey);
    }

    public static TheoryData<string[], string> BadFiles => new()
    {
        { [$"{Admin}"], "line 1: write KEY ROLE [NAME]" },
        { ["# only a comment", $"{Admin} admin ops team"], "line 2: write KEY ROLE [NAME]" },
        { [$"{Admin} superuser"], "line 1: the second field must be a role" },
        { [$"admin {Admin}"], "line 1: the key is shorter than 16" },
        { [$"{Reader} Read"], "line 1: the second field must be a role" },
        { ["tiny-key admin"], "line 1: the key is shorter than 16" },
        { [$"{Admin} admin", "", $"{Admin} read"], "line 3: the same key as line 1" },
        { ["", "# nothing"], "no keys in it" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_line_is_named_by_file_and_number_and_never_shows_the_key(string[] lines, string expected)
    {
        var error = Assert.Throws<FlagException>(() => ApiKeyFile.Parse(lines, "/etc/raft3d/keys.txt"));
        Assert.StartsWith("-api-keys /etc/raft3d/keys.txt", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(Admin, error.Message);
        Assert.DoesNotContain(Reader, error.Message);
        Assert.DoesNotContain("superuser", error.Message);
        Assert.DoesNotContain("tiny-key", error.Message);
    }

    [Fact]
    public void A_missing_file_is_one_clear_line()
    {
        var error = Assert.Throws<FlagException>(() => ApiKeyFile.Load("/nonexistent/keys.txt"));
        Assert.StartsWith("-api-keys /nonexistent/keys.txt: cannot read it", error.Message);
    }
}
