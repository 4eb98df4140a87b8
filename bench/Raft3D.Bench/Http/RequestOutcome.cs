namespace Raft3D.Bench.Http;

/// <summary>How one request ended, as a client can tell.</summary>
public enum RequestOutcome
{
    Succeeded,

    /// <summary>Definitely not applied: an error answer, or no connection could be made.</summary>
    Failed,

    /// <summary>A write that may or may not have been applied: 503 "Outcome unknown", a timeout, or a lost answer.</summary>
    Unknown,

    /// <summary>Failed because the node refused the connection (it is down): the client should try another.</summary>
    Refused,
}
