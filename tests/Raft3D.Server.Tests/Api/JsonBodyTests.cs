using System.Text;
using Microsoft.AspNetCore.Http;
using Raft3D.Server.Api;

namespace Raft3D.Server.Tests.Api;

/// <summary>
/// The strict body reader on its own: a duplicate key is refused at any depth and in any size of
/// object (small ones are checked without a set, large ones with one), and what the handler reads
/// is taken while the document is alive.
/// </summary>
public sealed class JsonBodyTests
{
    private static Task<T> ReadAsync<T>(string json, Func<JsonBody, T> read, bool allowEmpty = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return JsonBody.ReadAsync(context.Request, allowEmpty, read, CancellationToken.None);
    }

    private static string Fields(int count, int duplicateOf = -1) =>
        "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"f{(i == count - 1 && duplicateOf >= 0 ? duplicateOf : i)}\":{i}")) + "}";

    public static TheoryData<string, string> Duplicates => new()
    {
        { """{"company":"Prusa","company":"Bambu","model":"MK4"}""", "company" },
        { """{"a":1,"\u0061":2}""", "a" },
        { """{"outer":{"x":1,"y":2,"x":3}}""", "outer.x" },
        { """{"list":[{"k":1},{"k":1,"k":2}]}""", "list[1].k" },
        { Fields(16, duplicateOf: 3), "f3" },
        { Fields(17, duplicateOf: 3), "f3" },
        { Fields(200, duplicateOf: 150), "f150" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task A_key_given_twice_is_a_400_naming_it(string json, string field)
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => ReadAsync(json, body => body.String("model")));

        Assert.Equal(400, error.Status);
        Assert.Equal(field, error.Field);
        Assert.Contains($"{field} appears twice", error.Message);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(200)]
    public async Task Distinct_keys_pass_whatever_the_size_of_the_object(int count)
    {
        var last = await ReadAsync(Fields(count), body => body.Int($"f{count - 1}"));

        Assert.Equal(count - 1, last);
    }

    [Fact]
    public async Task What_the_handler_reads_outlives_the_document()
    {
        var (id, company) = await ReadAsync("""{"id":42,"company":"Prusa"}""", body => (body.Id("id"), body.String("company")));

        Assert.Equal("42", id);
        Assert.Equal("Prusa", company);
    }

    [Fact]
    public async Task An_empty_body_reaches_the_handler_only_where_allowed()
    {
        Assert.Null(await ReadAsync(" ", body => body.String("status"), allowEmpty: true));
        var error = await Assert.ThrowsAsync<ApiException>(() => ReadAsync(" ", body => body.String("status")));
        Assert.Equal(400, error.Status);
    }
}
