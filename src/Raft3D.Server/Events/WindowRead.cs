namespace Raft3D.Server.Events;

/// <summary>
/// What <see cref="FarmEventWindow.Read"/> found: Gone when the events asked for have left
/// the window (then Floor is the oldest position one can resume from), else the events, oldest
/// first. Changed completes at the window's next change; Last is its last applied index.
/// </summary>
public sealed record WindowRead(bool Gone, IReadOnlyList<FarmEvent> Events, Task Changed, long Floor, long Last);
