using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ocpi.Hub.Traffic;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Forwarding;

/// <summary>
/// Where the result of a command forwarded by the hub must go: the e-MSP's own <c>response_url</c>, which the CPO never
/// sees (it gets the hub's callback URL instead), and who may post it (the CPO's platform the command went to).
/// It lives for <see cref="HubOptions.CommandCallbackLifetime"/> from <see cref="CreatedAt"/>, counted at use, so that a
/// changed setting applies to the callbacks already kept.
/// </summary>
public sealed record HubCommandCallback(string Id, string Command, string ResponseUrl, string SenderPlatformId, string ReceiverPlatformId,
    string From, string To, Instant CreatedAt)
{
    public Instant ExpiresAt(TimeSpan lifetime) => CreatedAt + Duration.FromTimeSpan(lifetime);
}

/// <summary>
/// Commands through the hub (commands 13): the CPO answers a command at once and posts the real outcome later to the
/// command's <c>response_url</c>. The hub gives the CPO <c>{base}/ocpi/hub/2.2.1/callbacks/{id}</c> instead of the e-MSP's URL
/// and forwards what the CPO posts there to the e-MSP's URL, with the e-MSP's token, so that neither platform needs the other's.
/// A result posted after the callback's lifetime is answered 404 + 2000 and not forwarded (the e-MSP has long applied its own
/// timeout); <see cref="CommandCallbackSweep"/> removes such callbacks, after which a late result gets the unknown-callback 404.
/// </summary>
public static class CommandCallbacks
{
    /// <summary>The commands whose outcome comes back asynchronously to <c>response_url</c>.</summary>
    public static readonly IReadOnlySet<string> Asynchronous =
        new HashSet<string> { "START_SESSION", "STOP_SESSION", "RESERVE_NOW", "UNLOCK_CONNECTOR", "CANCEL_RESERVATION" };

    /// <summary>
    /// The body to forward and the callback to keep: for an asynchronous command with a <c>response_url</c>, the body with
    /// the hub's callback URL in its place; otherwise the body as it came and no callback (the receiver judges it).
    /// </summary>
    public static (byte[] Body, HubCommandCallback? Callback) Rewrite(HubCall call, Partner receiver, byte[] body, string baseUrl, string id, Instant now)
    {
        if (call.Module != "commands" || call.Method != "POST" || call.Path is not [var command] || !Asynchronous.Contains(command.ToUpperInvariant()))
            return (body, null);
        if (JsonNode.Parse(body) is not JsonObject json || json["response_url"] is not JsonValue url || url.GetValueKind() != JsonValueKind.String)
            return (body, null);
        var callback = new HubCommandCallback(id, command.ToUpperInvariant(), url.GetValue<string>(), call.Platform.Id, receiver.Id, call.From.Id,
            call.To!.Value.Id, now);
        json["response_url"] = HubUrls.Callback(baseUrl, id);
        return (JsonSerializer.SerializeToUtf8Bytes(json), callback);
    }

    public static void MapCommandCallbacks(this IEndpointRouteBuilder registered) =>
        registered.MapPost("/" + OcpiUrls.Version + "/callbacks/{id}", async (string id, HttpContext http, IOcpiStore store, HubForwarder forwarder,
            HubTrafficLog traffic, IClock clock, IOptions<OcpiOptions> options, ILogger<HubCommandCallback> logger) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var platform = OcpiGate.CallerOf(http);
            await using var session = store.QuerySession();
            var callback = await session.LoadAsync<HubCommandCallback>(id, http.RequestAborted);
            // Another platform learns nothing of a callback that is not its own.
            if (callback is null || callback.ReceiverPlatformId != platform.Id)
                return OcpiResult.NotFound($"No command callback {id} for this platform (unknown, or expired and removed)");
            var from = OcpiParty.Of(callback.To[..2], callback.To[3..]);
            var to = OcpiParty.Of(callback.From[..2], callback.From[3..]);
            var lifetime = options.Value.Hub.CommandCallbackLifetime;
            if (callback.ExpiresAt(lifetime) <= clock.GetCurrentInstant())
            {
                var expired = OcpiResult.NotFound($"The callback of {callback.Command} {id} expired at {callback.ExpiresAt(lifetime)} (results are taken for "
                    + $"{lifetime}, Roaming:Ocpi:Hub:CommandCallbackLifetime); the result was not forwarded to {to}");
                logger.LogWarning("Hub refused a late command result from platform {Platform} for {Command} {Callback}: expired at {ExpiresAt}", platform.Id,
                    callback.Command, id, callback.ExpiresAt(lifetime));
                await Record(HubTrafficResults.Refused, null, (int)expired.HttpStatus, expired.StatusCode, expired.Message);
                return expired;
            }
            var body = await RouteCall.ReadBody(http.Request);
            if (RouteCall.BadJson(body) is { } bad)
                return bad;
            var sender = await session.LoadAsync<Partner>(callback.SenderPlatformId, http.RequestAborted);
            ForwardedAnswer answer;
            if (sender is null || !sender.CanBeCalled)
                answer = new ForwardedAnswer(200, [], null, [], OcpiStatus.ReceiverNotConnected, $"The platform of party {to} is not connected to the hub");
            else
                answer = await forwarder.Send(new OutboundRequest(sender, "POST", callback.ResponseUrl, body, RouteCall.RoutingHeaders(from, to),
                    http.Response.Headers["X-Correlation-ID"].ToString()), http.RequestAborted);
            await Record(HubTrafficResults.Forwarded, sender?.Id, answer.HttpStatus, answer.OcpiStatus, answer.Problem);
            return RouteCall.Result(answer, from, to);

            Task Record(string result, string? receiver, int httpStatus, int? ocpiStatus, string? message) =>
                traffic.Record(new HubTrafficRecorded(http.Response.Headers["X-Request-ID"].ToString(), http.Response.Headers["X-Correlation-ID"].ToString(),
                    platform.Id, platform.ParticipantId!, from.Id, to.Id, receiver, "commands", InterfaceRoles.Sender, "POST", $"{callback.Command}/{id}",
                    result, httpStatus, ocpiStatus, message, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, clock.GetCurrentInstant()));
        });
}
