using Raft3D.Server.Api;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>Which requests take one of the permits of raft3d.api.max-bodies-in-flight, and how many bytes of max-body-bytes-in-flight.</summary>
public sealed class BodyAdmissionRulesTests
{
    [Theory]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("DELETE", false)]
    [InlineData("OPTIONS", false)]
    public void Only_methods_with_a_body_take_a_permit(string method, bool needs) =>
        Assert.Equal(needs, BodyAdmission.NeedsPermit(method));

    [Theory]
    [InlineData(200L, 200L)]          // what Content-Length announces
    [InlineData(0L, 0L)]
    [InlineData(null, 1_048_576L)]    // no Content-Length (chunked): the most a body may be
    [InlineData(5_000_000L, 1_048_576L)] // over the limit: refused with 413 once read, counts as the limit
    [InlineData(-1L, 0L)]
    public void A_body_takes_the_bytes_it_announces_up_to_max_body_bytes(long? contentLength, long reserved) =>
        Assert.Equal(reserved, BodyAdmission.Reservation(contentLength, 1_048_576));
}
