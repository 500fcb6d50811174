using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Platform.Hosting;

namespace Roaming.Audit.AccessTrail;

/// <summary>
/// Records every operator (<c>/api</c>) and partner (<c>/ocpi</c>) call as an event of the audit store, which is
/// sealed like any other log. Registered as a startup filter, so it wraps the whole pipeline (authentication runs
/// inside it; the caller is known once the call returns) without the host knowing about audit.
/// <para>
/// Fails closed: the answer is held back (in memory, spilling to a temporary file when large) until the call's record
/// is committed, so no byte of it, not even its status, reaches the caller unrecorded. When the record cannot be
/// committed the caller gets 503 problem details instead of the answer. The call itself may have taken effect by then
/// (a PUT committed before its record was written): the 503 says so, and the operator API's writes are idempotent, so
/// the caller repeats the call, which is recorded once the trail works again. Concurrent calls share commits through
/// <see cref="AccessTrailWriter"/>.
/// </para>
/// </summary>
public sealed class AccessTrailMiddleware(RequestDelegate next, AccessTrailWriter trail, IClock clock, IProblemDetailsService problems,
    ILogger<AccessTrailMiddleware> logger)
{
    private static readonly PathString[] RecordedPrefixes = [RoamingApplication.OperatorApiPrefix, "/ocpi"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!RecordedPrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix)))
        {
            await next(context);
            return;
        }

        var started = clock.GetCurrentInstant();
        var stopwatch = Stopwatch.StartNew();
        var status = StatusCodes.Status500InternalServerError;
        var wire = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        await using var answer = new FileBufferingWriteStream();
        var held = new StreamResponseBodyFeature(answer, wire);
        context.Features.Set<IHttpResponseBodyFeature>(held);
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch
        {
            // Unhandled: the server answers 500 itself; the record says so (or the trail's own failure is logged).
            context.Features.Set(wire);
            await TryRecord(context, started, stopwatch.ElapsedMilliseconds, status);
            throw;
        }
        // Flushes what the endpoint wrote through the pipe writer into the held answer; nothing goes to the wire.
        await held.CompleteAsync();
        context.Features.Set(wire);

        if (await TryRecord(context, started, stopwatch.ElapsedMilliseconds, status))
        {
            await answer.DrainBufferAsync(wire.Writer, context.RequestAborted);
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The call could not be recorded in the access trail",
                Detail = "Its answer is withheld because every answered call must be in the access trail. " +
                         "A change the call made may have been applied: read the object back or repeat the call once the service is available.",
            },
        });
    }

    private async Task<bool> TryRecord(HttpContext context, Instant at, long durationMs, int status)
    {
        var call = new ApiCallRecorded(
            Actor: context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous",
            Method: context.Request.Method,
            // The path only: query strings can carry tokens and personal data.
            Path: context.Request.Path.Value ?? "",
            Status: status,
            At: at,
            DurationMs: durationMs,
            RemoteAddress: context.Connection.RemoteIpAddress?.ToString(),
            TraceId: Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
        try
        {
            await trail.Record(call);
            return true;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not record {Method} {Path} by {Actor} in the access trail; answering 503 instead of {Status}",
                call.Method, call.Path, call.Actor, call.Status);
            return false;
        }
    }
}

/// <summary>Puts <see cref="AccessTrailMiddleware"/> in front of the host's pipeline.</summary>
public sealed class AccessTrailStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<AccessTrailMiddleware>();
        next(app);
    };
}
