using Raft3D.Server.Flags;

namespace Raft3D.Server.Tests.Flags;

public sealed class FlagParserTests
{
    [Fact]
    public void Parses_every_flag_in_both_spellings()
    {
        var flags = FlagParser.Parse([
            "-id", "node2", "--http", ":8081", "-raft=127.0.0.1:7001", "--data=d", "-logs", "l",
            "-join", "127.0.0.1:8080, 127.0.0.1:8082", "-bootstrap", "--clean", "-console-level", "warn",
            "-file-level=error", "-config", "extra.conf",
        ]);

        Assert.Equal("node2", flags.Id);
        Assert.Equal(":8081", flags.Http);
        Assert.Equal("127.0.0.1:7001", flags.Raft);
        Assert.Equal("d", flags.Data);
        Assert.Equal("l", flags.Logs);
        Assert.Equal(["127.0.0.1:8080", "127.0.0.1:8082"], flags.Join);
        Assert.True(flags.Bootstrap);
        Assert.True(flags.Clean);
        Assert.Equal("warn", flags.ConsoleLevel);
        Assert.Equal("error", flags.FileLevel);
        Assert.Equal("extra.conf", flags.Config);
    }

    [Fact]
    public void Unset_flags_stay_null_so_hocon_decides()
    {
        var flags = FlagParser.Parse(["-id", "n"]);

        Assert.Null(flags.Http);
        Assert.Null(flags.Raft);
        Assert.Null(flags.Data);
        Assert.False(flags.Bootstrap);
        Assert.Empty(flags.Join);
    }

    [Theory]
    [InlineData("-bootstrap=false", false)]
    [InlineData("-bootstrap=true", true)]
    [InlineData("--bootstrap=1", true)]
    [InlineData("-bootstrap=F", false)]
    public void Booleans_take_an_attached_value(string arg, bool expected) =>
        Assert.Equal(expected, FlagParser.Parse(["-id", "n", arg]).Bootstrap);

    [Theory]
    [InlineData("flag provided but not defined: -port", "-id", "n", "-port", "1")]
    [InlineData("flag provided but not defined: -x", "--x")]
    [InlineData("flag needs an argument: -id", "-id")]
    [InlineData("flag needs an argument: -http", "-id", "n", "-http")]
    [InlineData("unexpected argument 'node1'", "node1")]
    [InlineData("unexpected argument 'true'", "-id", "n", "-bootstrap", "true")]
    [InlineData("unexpected argument 'x'", "-id", "n", "--", "x")]
    [InlineData("bad flag syntax: ---id", "---id", "n")]
    [InlineData("bad flag syntax: -=x", "-=x")]
    [InlineData("invalid boolean value \"maybe\" for -clean", "-id", "n", "-clean=maybe")]
    [InlineData("flag given twice: -id", "-id", "a", "-id", "b")]
    [InlineData("-join needs at least one HTTP address", "-id", "n", "-join", " , ")]
    [InlineData("-data needs a non-empty value", "-id", "n", "-data", "")]
    public void Bad_command_lines_fail_with_one_clear_line(string message, params string[] args)
    {
        var error = Assert.Throws<FlagException>(() => FlagParser.Parse(args));
        Assert.StartsWith(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Help_is_recognised() => Assert.True(FlagParser.Parse(["-h"]).Help);

    [Theory]
    [InlineData(":8080", "", 8080, "127.0.0.1:8080")]
    [InlineData("0.0.0.0:8080", "0.0.0.0", 8080, "127.0.0.1:8080")]
    [InlineData("127.0.0.1:7000", "127.0.0.1", 7000, "127.0.0.1:7000")]
    [InlineData("localhost:9000", "localhost", 9000, "localhost:9000")]
    [InlineData("[::1]:8080", "::1", 8080, "::1:8080")]
    [InlineData("http://127.0.0.1:8080/", "127.0.0.1", 8080, "127.0.0.1:8080")]
    public void Addresses_parse(string text, string host, int port, string advertised)
    {
        var address = HostPort.Parse(text, "http", allowEmptyHost: true);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(advertised, address.Advertised);
    }

    [Theory]
    [InlineData("8080", "not a host:port address")]
    [InlineData("127.0.0.1:", "the port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:0", "the port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:70000", "the port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:http", "the port must be a number from 1 to 65535")]
    [InlineData("bad host!:80", "is not a valid host name or IP address")]
    [InlineData("::1:80", "write an IPv6 address in brackets")]
    public void Unusable_addresses_are_refused(string text, string message)
    {
        var error = Assert.Throws<FlagException>(() => HostPort.Parse(text, "raft", allowEmptyHost: true));
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"-raft {text}", error.Message);
    }
}
