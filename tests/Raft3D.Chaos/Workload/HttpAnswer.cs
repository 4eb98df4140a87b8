using System.Text.Json;

namespace Raft3D.Chaos.Workload;

/// <summary>How a request ended: an answer, a refused connection (never delivered), a timeout, or a broken exchange.</summary>
public enum Delivery
{
    Answered,
    Refused,
    TimedOut,
    Broken,
}

/// <summary>One HTTP exchange as the workload saw it.</summary>
public sealed record HttpAnswer(Delivery Delivery, int Status, JsonElement? Body, string? Title, string? Detail, bool Replayed, long? AppliedIndex, string? Error);
