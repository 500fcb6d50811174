using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Commands;

/// <summary>
/// The eMSP side of commands: <c>POST /api/partners/{id}/commands/{command}</c> sends a command to the partner CPO with a
/// response_url unique to it; the CPO's asynchronous CommandResult arrives at <c>{commands sender}/{command}/{id}</c>.
/// </summary>
public static class SendCommand
{
    public static void MapSendCommand(this IEndpointRouteBuilder api) =>
        api.MapPost("/partners/{id}/commands/{command}", async (string id, string command, JsonElement body, HttpContext http, IOcpiStore store,
            OcpiClient client, OwnPlatform own, IClock clock, HolderFields holders) =>
        {
            await using var session = store.LightweightSession();
            var partner = await session.LoadAsync<Partner>(id, http.RequestAborted);
            var url = partner?.EndpointUrl("commands", InterfaceRoles.Receiver);
            if (partner is null || !partner.CanBeCalled || url is null)
                return Results.Problem("The partner is not registered or has no commands receiver", statusCode: 409);
            if (body.ValueKind != JsonValueKind.Object)
                return Results.Problem("The body must be a JSON object", statusCode: 400);
            var commandId = Guid.CreateVersion7();
            var upper = command.ToUpperInvariant();
            var payload = JsonNode.Parse(body.GetRawText())!.AsObject();
            payload["response_url"] = OcpiUrls.Module(OcpiUrls.BaseUrl(http.Request), $"emsp/commands/{upper}/{commandId}");
            // Through a hub, ?to=CC*PID names the party behind it (OCPI-to-*); without it, the partner's own CPO party.
            if (partner.Addressee("CPO", PartyText.Parse(http.Request.Query["to"])) is not { } to)
                return Results.Problem("The partner does not reach party " + http.Request.Query["to"], statusCode: 409);
            var answer = await client.Send(new OcpiCall(HttpMethod.Post, OcpiUrls.Join(url, upper), partner.TheirToken!, partner.EncodeToken,
                payload.ToJsonString(), (own.CountryCode, own.PartyId), to), http.RequestAborted);
            var now = clock.GetCurrentInstant();
            session.Stamp(EventContext.Operator(now));
            session.Events.StartStream<CommandLog>(commandId.ToString(),
                // The command's token is the holder's: kept with their data encrypted, like every OCPI copy of it.
                new CommandSent(commandId, partner.Id, upper, await holders.Protect(Modules.Commands, payload.ToJsonString(), http.RequestAborted),
                    answer.Data?.GetRawText() ?? answer.Describe(), now));
            await session.SaveChangesAsync(http.RequestAborted);
            return Results.Ok(new { command_id = commandId.ToString(), http_status = (int?)answer.HttpStatus, status_code = answer.StatusCode, response = answer.Data });
        }).WithName("SendOcpiCommand");

    public static void MapGetCommand(this IEndpointRouteBuilder api) =>
        api.MapGet("/partners/{id}/commands/{commandId}", async (string id, string commandId, IOcpiStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var log = await session.LoadAsync<CommandLog>(commandId, cancellation);
            return log is null || log.PartnerId != id ? Results.NotFound() : Results.Ok(log);
        }).WithName("GetOcpiCommand");

    /// <summary>The partner CPO posts the CommandResult to the response_url we gave it; only that partner may.</summary>
    public static void MapReceiveCommandResult(this IEndpointRouteBuilder ocpi) =>
        ocpi.MapPost("/emsp/commands/{command}/{commandId}", async (string command, string commandId, HttpContext http, IOcpiStore store, IClock clock) =>
        {
            var (body, bad) = await OcpiBody.Read(http.Request);
            if (bad is not null)
                return bad;
            var partner = OcpiGate.CallerOf(http);
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));
            var log = await session.LoadAsync<CommandLog>(commandId, http.RequestAborted);
            if (log is null || log.PartnerId != partner.Id || log.Direction != "sent")
                return OcpiResult.NotFound($"Unknown command {commandId}");
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.String)
                return OcpiResult.InvalidParameters("result: is required");
            session.Events.Append(commandId, new CommandResultReceived(Guid.Parse(commandId), body.GetRawText(), now));
            await session.SaveChangesAsync(http.RequestAborted);
            return OcpiResult.Ok();
        });
}
