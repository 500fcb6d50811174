using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Hub.Traffic;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Forwarding;

/// <summary>
/// <c>{base}/ocpi/hub/2.2.1/{sender|receiver}/{module}/...</c>: every module call a participant's platform makes to the hub.
/// The routing decides (<see cref="HubRouting"/>); a refusal is answered at once, bad input (invalid JSON, an object failing
/// OCPI's rules) with 2001, the hub's own answers come from <see cref="IHubData"/>, and everything else is forwarded to the
/// receiving platform (<see cref="HubForwarder"/>) and its answer passed back. Each call is recorded (<see cref="HubTrafficLog"/>)
/// before it is answered.
/// </summary>
public static class RouteCall
{
    public static void MapRoutedModules(this IEndpointRouteBuilder routed) =>
        routed.MapMethods("/" + OcpiUrls.Version + "/{interface:regex(^(sender|receiver)$)}/{module}/{**path}", ["GET", "POST", "PUT", "PATCH", "DELETE"],
            (HttpContext http, HubDirectory directory, HubForwarder forwarder, HubTrafficLog traffic, IOcpiStore store, IClock clock,
                ILoggerFactory loggers) => Handle(http, directory, forwarder, traffic, store, clock, loggers.CreateLogger(typeof(RouteCall))));

    private static async Task<IResult> Handle(HttpContext http, HubDirectory directory, HubForwarder forwarder, HubTrafficLog traffic, IOcpiStore store,
        IClock clock, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        var call = HubGate.CallOf(http);
        var body = call.Method is "GET" or "DELETE" ? null : await ReadBody(http.Request);
        var route = HubRouting.Decide(call, await directory.View(http.RequestAborted));

        if (route is HubRoute.Refuse refuse)
        {
            if (refuse.IsIsolationBreach)
                logger.LogWarning("Hub isolation: platform {Platform} (participant {Participant}) refused for {Method} {Path}: {Message}",
                    call.Platform.Id, call.ParticipantId, call.Method, http.Request.Path, refuse.Message);
            return await Refused(call, new OcpiResult(refuse.HttpStatus, refuse.OcpiStatus, refuse.Message, null), logged: refuse.IsIsolationBreach);
        }
        if (BadJson(body) is { } bad)
            return await Refused(call, bad);
        var json = Parse(body);
        if (body is { Length: > 0 } && PushedObjectRules.Refuse(call, json) is { } invalid)
            return await Refused(call, OcpiResult.InvalidParameters(invalid));

        if (route is HubRoute.Hub own)
            return await AnswerAtHub(call, own, body, json, http);

        var forward = (HubRoute.Forward)route;
        var outboundBody = body;
        if (body is { Length: > 0 })
        {
            var (rewritten, callback) = CommandCallbacks.Rewrite(call, forward.Platform, body, OcpiUrls.BaseUrl(http.Request), Guid.CreateVersion7().ToString(),
                clock.GetCurrentInstant());
            if (callback is not null)
            {
                await using var session = store.LightweightSession();
                session.Store(callback);
                await session.SaveChangesAsync(http.RequestAborted);
            }
            outboundBody = rewritten;
        }
        var url = OcpiUrls.Join(forward.EndpointUrl, [.. call.Path]) + call.Query.Value;
        var answer = await forwarder.Send(new OutboundRequest(forward.Platform, call.Method, url, outboundBody, RoutingHeaders(http), call.CorrelationId),
            http.RequestAborted);
        if (!answer.IsHubError)
            answer = answer.WithLinkPrefix(forward.EndpointUrl, HubUrls.Module(OcpiUrls.BaseUrl(http.Request), $"{call.InterfaceRole.ToLowerInvariant()}/{call.Module}"));
        else
            logger.LogInformation("Hub could not forward {Method} {Url} for {From}: {Status} {Problem}", call.Method, url, call.From, answer.OcpiStatus, answer.Problem);
        await Record(call, HubTrafficResults.Forwarded, forward.Platform.Id, answer.HttpStatus, answer.OcpiStatus, answer.Problem);
        return Result(answer, call.To!.Value, call.From);

        Task Record(HubCall c, string result, string? receiver, int httpStatus, int? ocpiStatus, string? message) =>
            traffic.Record(new HubTrafficRecorded(c.RequestId, c.CorrelationId, c.Platform.Id, c.ParticipantId, c.From.Id, c.To?.Id, receiver, c.Module,
                c.InterfaceRole, c.Method, c.Path.Count == 0 ? null : string.Join('/', c.Path), result, httpStatus, ocpiStatus, message,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, clock.GetCurrentInstant()));

        async Task<IResult> Refused(HubCall c, OcpiResult refusal, bool logged = false)
        {
            if (!logged)
                logger.LogInformation("Hub refused {Method} {Path} of platform {Platform} from {From} to {To}: {Status} {Message}", c.Method, http.Request.Path,
                    c.Platform.Id, c.From, c.To, refusal.StatusCode, refusal.Message);
            await Record(c, HubTrafficResults.Refused, null, (int)refusal.HttpStatus, refusal.StatusCode, refusal.Message);
            return WithRouting(refusal, directory, c);
        }

        async Task<IResult> AnswerAtHub(HubCall c, HubRoute.Hub own, byte[]? raw, JsonElement parsed, HttpContext context)
        {
            var data = context.RequestServices.GetService<IHubData>();
            if (data is null)
            {
                var missing = OcpiResult.Error(OcpiStatus.HubError, $"The hub does not answer this itself yet ({own.Why})");
                await Record(c, HubTrafficResults.Hub, null, (int)missing.HttpStatus, missing.StatusCode, missing.Message);
                return WithRouting(missing, directory, c);
            }
            // A DELETE (a tariff broadcast's removal) has no body, like a GET.
            if (c.Method is not ("GET" or "DELETE") && raw is not { Length: > 0 })
                return await Refused(c, OcpiResult.BadJson("The body is empty"));
            var result = c.Method == "GET" ? await data.ReadAsync(c, context) : await data.ReceiveAsync(c, parsed, context);
            if (result is OcpiResult ocpi)
            {
                await Record(c, HubTrafficResults.Hub, null, (int)ocpi.HttpStatus, ocpi.StatusCode, ocpi.Message ?? own.Why);
                return WithRouting(ocpi, directory, c);
            }
            await Record(c, HubTrafficResults.Hub, null, (int)HttpStatusCode.OK, null, own.Why);
            return result;
        }
    }

    /// <summary>The hub's own answers come from the hub's party and go to the caller's.</summary>
    private static OcpiResult WithRouting(OcpiResult result, HubDirectory directory, HubCall call)
    {
        var hub = directory.HubParty;
        return result.WithHeader("OCPI-from-country-code", hub.CountryCode).WithHeader("OCPI-from-party-id", hub.PartyId)
            .WithHeader("OCPI-to-country-code", call.From.CountryCode).WithHeader("OCPI-to-party-id", call.From.PartyId);
    }

    /// <summary>The receiver's answer as the caller gets it, or the hub's 4002/4003 when there was none.</summary>
    public static IResult Result(ForwardedAnswer answer, OcpiParty from, OcpiParty to)
    {
        if (answer.IsHubError)
            return OcpiResult.Error(answer.OcpiStatus!.Value, answer.Problem!)
                .WithHeader("OCPI-from-country-code", from.CountryCode).WithHeader("OCPI-from-party-id", from.PartyId)
                .WithHeader("OCPI-to-country-code", to.CountryCode).WithHeader("OCPI-to-party-id", to.PartyId);
        return new Passed(answer);
    }

    private sealed class Passed(ForwardedAnswer answer) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => answer.WriteTo(httpContext.Response, httpContext.RequestAborted);
    }

    public static async Task<byte[]> ReadBody(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>400/2001 when a non-empty body is not JSON (ocpi.md 2.3); nothing is forwarded.</summary>
    public static OcpiResult? BadJson(byte[]? body)
    {
        if (body is not { Length: > 0 })
            return null;
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }
            return null;
        }
        catch (JsonException exception)
        {
            return OcpiResult.BadJson($"The body is not valid JSON: {exception.Message}");
        }
    }

    private static JsonElement Parse(byte[]? body)
    {
        if (body is not { Length: > 0 })
            return default;
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The routing headers of the incoming request, passed on unchanged.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RoutingHeaders(HttpContext http) =>
        RoutingHeaderNames.Select(name => new KeyValuePair<string, string>(name, http.Request.Headers[name].ToString())).Where(h => h.Value.Length > 0).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> RoutingHeaders(OcpiParty from, OcpiParty to) =>
    [
        new("OCPI-from-country-code", from.CountryCode), new("OCPI-from-party-id", from.PartyId),
        new("OCPI-to-country-code", to.CountryCode), new("OCPI-to-party-id", to.PartyId),
    ];

    private static readonly string[] RoutingHeaderNames = ["OCPI-from-country-code", "OCPI-from-party-id", "OCPI-to-country-code", "OCPI-to-party-id"];
}
