namespace Raft3D.Chaos.History;

/// <summary>
/// How an operation ended, as Jepsen records it: Ok (it took effect, with this answer), Fail
/// (it certainly did not take effect), Info (it may or may not have: a timeout, a dropped
/// connection, a 503 "Outcome unknown"). Pending: invoked, never completed (the run stopped).
/// </summary>
public enum OpType
{
    Pending,
    Ok,
    Fail,
    Info,
}
