namespace Raft3D.Chaos.Workload;

/// <summary>
/// A print job the workload means to create on a filament: its id, weight and the one
/// Idempotency-Key every attempt to create it carries.
/// </summary>
public sealed class JobPlan(string id, int weight)
{
    public string Id { get; } = id;

    public int Weight { get; } = weight;

    public string IdempotencyKey { get; } = $"{id}-create";

    /// <summary>Create attempts sent so far.</summary>
    public int Attempts { get; set; }

    public bool InFlight { get; set; }

    /// <summary>A create got a definite answer (201, 409, 422): no more attempts.</summary>
    public bool Settled { get; set; }

    /// <summary>The status the last answer showed (a guess to pick sensible next moves), Queued once created.</summary>
    public string? Believed { get; set; }
}
