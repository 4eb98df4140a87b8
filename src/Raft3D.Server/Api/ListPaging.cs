using System.Globalization;
using System.Text;
using Raft3D.PrintFarm.Lists;

namespace Raft3D.Server.Api;

/// <summary>
/// ?limit= and ?after= on lists (SPEC §3), and the answer's X-Total-Count and Link headers.
/// Without limit a list answers at most raft3d.api.max-list objects; the body stays a JSON array
/// either way, so a client that ignores the headers reads lists as before.
/// </summary>
public sealed record ListPaging(PageRequest Request, bool LimitGiven)
{
    public const int MaxLimit = 1000;
    public const string TotalCountHeader = "X-Total-Count";

    public static ListPaging Read(HttpRequest request, int maxList)
    {
        var limit = Single(request, "limit");
        var after = Single(request, "after");
        if (after is { Length: 0 }) throw ApiException.BadRequest("after must be the id of the last object of the page before, e.g. ?after=p17", "after");
        if (limit is null) return new ListPaging(new PageRequest(maxList, after), false);
        if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxLimit)
            throw ApiException.BadRequest($"limit must be a whole number from 1 to {MaxLimit}, not '{Shorten(limit)}'", "limit");
        return new ListPaging(new PageRequest(n, after), true);
    }

    /// <summary>The page's headers, and its items as views; 400 when ?after= named no object of this list.</summary>
    public IResult Answer<T, TView>(HttpContext context, Page<T>? page, string kind, Func<T, string> idOf, Func<T, TView> view)
    {
        if (page is null)
        {
            return Problems.Result(context, 400, "Bad request",
                $"after names no {kind} '{Request.After}' (deleted, or never created); list again without after", "after");
        }
        context.Response.Headers[TotalCountHeader] = page.Total.ToString(CultureInfo.InvariantCulture);
        if (page.HasMore && page.Items.Count > 0) context.Response.Headers.Link = $"<{NextUri(context.Request, idOf(page.Items[^1]))}>; rel=\"next\"";
        return TypedResults.Json(page.Items.Select(view).ToList(), ApiJson.Options);
    }

    /// <summary>
    /// The same list from the object after the last one of this page: the same path, limit (when
    /// the client gave one), after, then the client's other parameters (filters, consistency) in
    /// their order.
    /// </summary>
    private string NextUri(HttpRequest request, string lastId)
    {
        var uri = new StringBuilder(request.PathBase.Value).Append(request.Path.Value).Append('?');
        if (LimitGiven) uri.Append("limit=").Append(Request.Limit.ToString(CultureInfo.InvariantCulture)).Append('&');
        uri.Append("after=").Append(Uri.EscapeDataString(lastId));
        foreach (var (key, values) in request.Query)
        {
            if (key is "limit" or "after") continue;
            foreach (var value in values) uri.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
        }
        return uri.ToString();
    }

    private static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        if (values.Count > 1) throw ApiException.BadRequest($"give ?{name}= once", name);
        return values.Count == 1 ? values[0] ?? "" : null;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
