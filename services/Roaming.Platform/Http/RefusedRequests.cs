using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Roaming.Platform.Http;

/// <summary>
/// A request the server refused to read (<see cref="BadHttpRequestException"/>: a body over
/// <c>Roaming:MaxRequestBodySize</c> is 413, a malformed or too slow one 400 or 408) is the client's mistake: it is
/// answered with that status and logged as a warning, never as a 500 and a server error. The answer is problem details,
/// unless a module answers for its own paths (<see cref="IRefusedRequestWriter"/>, OCPI's envelope).
/// </summary>
public sealed class RefusedRequests(IProblemDetailsService problems, IEnumerable<IRefusedRequestWriter> writers, ILogger<RefusedRequests> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException refused)
            return false;
        logger.LogWarning("Refused {Method} {Path} with {Status}: {Reason}", context.Request.Method, context.Request.Path, refused.StatusCode, refused.Message);
        context.Response.StatusCode = refused.StatusCode;
        if (writers.FirstOrDefault(writer => writer.Answers(context.Request.Path)) is { } own)
        {
            await own.Write(context, refused.StatusCode, refused.Message);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = refused.StatusCode, Detail = refused.Message },
        });
    }
}

/// <summary>A module whose paths answer refused requests in their own protocol's format.</summary>
public interface IRefusedRequestWriter
{
    bool Answers(PathString path);

    Task Write(HttpContext context, int status, string reason);
}
