namespace Raft3D.PrintFarm.Lists;

/// <summary>
/// One page of a list in creation order: Items, how many objects match the whole query
/// (Total, for X-Total-Count) and whether more follow the last item (for a Link rel="next").
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, bool HasMore);
