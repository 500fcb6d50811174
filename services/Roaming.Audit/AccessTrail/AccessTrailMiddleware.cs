using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Platform.Hosting;

namespace Roaming.Audit.AccessTrail;

/// <summary>
/// Records every operator (<c>/api</c>) and partner (<c>/ocpi</c>) call as an event of the audit store, which is
/// sealed like any other log. Registered as a startup filter, so it wraps the whole pipeline (authentication runs
/// inside it; the caller is known once the call returns) without the host knowing about audit. The record's commit
/// is awaited before the response completes (a call that was answered is a call that was recorded); concurrent
/// calls share commits through <see cref="AccessTrailWriter"/>.
/// </summary>
public sealed class AccessTrailMiddleware(RequestDelegate next, AccessTrailWriter trail, IClock clock, ILogger<AccessTrailMiddleware> logger)
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
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            await Record(context, started, stopwatch.ElapsedMilliseconds, status);
        }
    }

    private async Task Record(HttpContext context, Instant at, long durationMs, int status)
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
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not record {Method} {Path} by {Actor} in the access trail", call.Method, call.Path, call.Actor);
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
