using Raft3D.Consensus.Hosting;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.Cluster;
using Raft3D.Server.Hosting;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Api;

/// <summary>Wraps a farm command in its envelope (key, fingerprint, timestamp), proposes it and answers.</summary>
public sealed class FarmWriter(RaftNode raft, NodeOptions node, TimeProvider clock, MemberReleases releases)
{
    public async Task<IResult> SubmitAsync<TInput>(HttpContext context, FarmCommand command, TInput fingerprintInput)
    {
        // A command an older member could not apply would part the members' states.
        if (releases.Refusal(command) is { } refusal)
            return Problems.Result(context, 503, "Upgrade in progress", refusal, retryAfterSeconds: node.Api.RetryAfterSeconds);
        var key = IdempotencyKeyHeader.Read(context.Request, node.Idempotency);
        var entry = Envelope(key, context.Request.Method, context.Request.Path.Value ?? "", fingerprintInput,
            clock.GetUtcNow().ToUnixTimeMilliseconds(), command);
        var outcome = await raft.ProposeAsync(entry, context.RequestAborted);
        if (outcome is ProposeOutcome.Applied applied)
            context.Response.Headers[FarmReads.AppliedIndexHeader] = applied.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteResults.ToHttp(context, outcome, node.Api.RetryAfterSeconds);
    }

    /// <summary>
    /// The log entry of a write: the command in its envelope (key, fingerprint, timestamp). The
    /// fingerprint only tells a retry from a reused key, so a request without a key has none:
    /// no JSON serialisation and SHA-256 on every plain write, and 33 bytes less in the log.
    /// </summary>
    public static byte[] Envelope<TInput>(string? key, string method, string path, TInput fingerprintInput, long timestampMs, FarmCommand command) =>
        CommandEnvelopeCodec.Encode(new CommandEnvelope(key, key is null ? [] : RequestFingerprint.Of(method, path, fingerprintInput), timestampMs,
            FarmCommandCodec.Encode(command)));

    /// <summary>An id for a POST without one, made before proposing so that applying stays deterministic.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString();
}
