namespace Raft3D.Server.Api;

/// <summary>
/// Answers every failure as problem+json: refusals thrown while reading a request, any other
/// exception (500, logged without the request's body), and an error status that left the body
/// empty (404 for no endpoint, 405 for a wrong method), filled by <see cref="ProblemDefaults"/>.
/// One middleware where ASP.NET Core's exception handler and status-code pages were two more
/// async calls and a dictionary on every request.
/// </summary>
public sealed class ProblemMiddleware(RequestDelegate next, IProblemDetailsService problems, Hosting.NodeOptions node, ILogger<ProblemMiddleware> log)
{
    /// <summary>What ASP.NET Core answers a request whose client went away (nginx's "client closed request").</summary>
    public const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (NeedsBody(context.Response)) await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context });
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.WriteAsync(context, e.Status, e.Title, e.Message, e.Field);
        }
        catch (ApiFieldErrorsException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.WriteAsync(context, 400, "Invalid request", e.Message, e.Errors.Count == 1 ? e.Errors[0].Field : null, errors: e.Errors);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Response.Clear();
            await Problems.WriteAsync(context, 413, "Payload too large",
                $"the request body is over raft3d.api.max-body-bytes ({node.Api.MaxBodyBytes} bytes); send a smaller one");
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.WriteAsync(context, e.StatusCode, "Bad request", e.Message);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer, and nothing went wrong on this node.
            if (!context.Response.HasStarted) context.Response.StatusCode = ClientClosedRequest;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // The exception's type and message only: never the body, which may hold anything.
            log.LogError(e, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path.Value);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = e });
        }
    }

    /// <summary>An error status with nothing written yet: routing's 404 and 405 leave the body empty.</summary>
    private static bool NeedsBody(HttpResponse response) =>
        response.StatusCode is >= 400 and < 600 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);
}
