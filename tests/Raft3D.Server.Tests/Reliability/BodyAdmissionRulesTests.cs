using Raft3D.Server.Api;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>Which requests take one of the permits of raft3d.api.max-bodies-in-flight.</summary>
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
}
