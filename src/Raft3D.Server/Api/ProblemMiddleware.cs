using Microsoft.AspNetCore.Http.HttpResults;

namespace Raft3D.Server.Api;

/// <summary>Turns refusals thrown while reading a request into problem+json answers.</summary>
public sealed class ApiExceptionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.WriteAsync(context, e.Status, e.Title, e.Message, e.Field);
        }
        catch (ApiFieldErrorsException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            var result = (JsonHttpResult<Problem>)Problems.Result(context, 400, "Invalid request", e.Message, e.Errors.Count == 1 ? e.Errors[0].Field : null, e.Errors);
            await result.ExecuteAsync(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Response.Clear();
            var limit = context.RequestServices.GetRequiredService<Hosting.NodeOptions>().Api.MaxBodyBytes;
            await Problems.WriteAsync(context, 413, "Payload too large",
                $"the request body is over raft3d.api.max-body-bytes ({limit} bytes); send a smaller one");
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.WriteAsync(context, e.StatusCode, "Bad request", e.Message);
        }
    }
}
