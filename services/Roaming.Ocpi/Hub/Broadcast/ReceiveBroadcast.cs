using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// PUT or PATCH of a location (or one of its EVSEs or connectors), token or tariff that the hub takes itself: a broadcast
/// (TO = the hub, or left out) or a push to a party the hub reaches over OCHP. The object is checked with the same rules
/// as our own receivers (2001 and nothing stored on bad input), must belong to one of the caller's parties in the right
/// role (a CPO's locations and tariffs, an e-MSP's tokens), is stored as the owner sent it (last_updated untouched),
/// published as <c>HubObjectReceived</c> for the OCHP side, and queued for every connected platform that implements the
/// module's receiver. The hub answers 1000 (201 for a new object) itself. A DELETE of a tariff (the only object OCPI
/// deletes) removes it from the hub and sends the DELETE on to the same platforms; an unknown tariff is 404.
/// </summary>
public sealed class ReceiveBroadcast(IOcpiStore store, HolderFields holders, OwnPlatform own, IClock clock, ILogger<ReceiveBroadcast> logger)
{
    public static bool Handles(string module) => module is Modules.Locations or Modules.Tokens or Modules.Tariffs;

    public async Task<OcpiResult> Handle(HubCall call, JsonElement body, CancellationToken cancellation)
    {
        var answer = await Receive(call, body, cancellation);
        if (answer.StatusCode != OcpiStatus.Success)
            logger.LogWarning("Hub refused {Method} {Module}/{Path} from partner {Partner} ({From}): {Status} {Message}", call.Method, call.Module,
                string.Join('/', call.Path), call.Platform.Id, call.From, answer.StatusCode, answer.Message);
        return answer;
    }

    private async Task<OcpiResult> Receive(HubCall call, JsonElement body, CancellationToken cancellation)
    {
        var patch = string.Equals(call.Method, "PATCH", StringComparison.OrdinalIgnoreCase);
        var delete = string.Equals(call.Method, "DELETE", StringComparison.OrdinalIgnoreCase);
        if (delete && call.Module != Modules.Tariffs)
            return OcpiResult.MethodNotAllowed($"The hub takes {call.Module} by PUT or PATCH; OCPI deletes only tariffs");
        if (!patch && !delete && !string.Equals(call.Method, "PUT", StringComparison.OrdinalIgnoreCase))
            return OcpiResult.MethodNotAllowed($"The hub takes {call.Module} by PUT or PATCH" + (call.Module == Modules.Tariffs ? ", and removes one by DELETE" : ""));
        var childLevels = call.Module == Modules.Locations ? 2 : 0;
        if (call.Path.Count < 3 || call.Path.Count > 3 + childLevels)
            return OcpiResult.InvalidParameters($"expected {call.Module}/{{country_code}}/{{party_id}}/{{id}}" + (childLevels > 0 ? "[/{evse_uid}[/{connector_id}]]" : ""));
        var tokenType = call.Module == Modules.Tokens
            ? QueryHelpers.ParseQuery(call.Query.Value).TryGetValue("type", out var type) && type.ToString() is { Length: > 0 } given ? given.ToUpperInvariant() : "RFID"
            : null;
        var address = new ObjectAddress(call.Module, call.Path[0].ToUpperInvariant(), call.Path[1].ToUpperInvariant(), call.Path[2], tokenType);
        var owner = OcpiParty.Of(address.CountryCode, address.PartyId);
        var now = clock.GetCurrentInstant();
        var actor = $"partner:{call.Platform.Id}";
        await using var session = store.LightweightSession().Stamp(new EventContext(actor, now, call.CorrelationId, call.RequestId));

        var participant = await session.LoadAsync<HubParticipant>(call.ParticipantId, cancellation);
        var ownsInRole = HubRecipients.OwnedByProvider(call.Module) ? participant?.OwnsProvider(owner.Id) : participant?.OwnsOperator(owner.Id);
        if (ownsInRole != true)
            return OcpiResult.NotFound($"{owner} is not one of your {(HubRecipients.OwnedByProvider(call.Module) ? "Provider" : "Operator")}-IDs, so it owns no {call.Module} here");
        var toParty = call.To is { } to && !own.Is(to.CountryCode, to.PartyId) ? to.Id : null;
        if (toParty is not null && !await Connected(session, call.Module, owner.Id, toParty, cancellation))
            return OcpiResult.Error(OcpiStatus.ReceiverNotConnected, $"{toParty} has no active roaming connection with {owner}");

        var key = HubObject.KeyFor(call.Module, address.CountryCode, address.PartyId, address.ObjectId, tokenType);
        var stream = await HubFanOut.Lock(session, key, cancellation);
        var existing = stream.Aggregate;
        if (delete)
        {
            // Like our own tariffs receiver: an unknown tariff is 404; a known one is removed and the DELETE sent on.
            if (existing is null)
                return OcpiResult.NotFound($"Unknown tariff {address.ObjectId}");
            await HubFanOut.RemoveAndQueue(session, stream, existing, HubObjectSources.Ocpi, actor, toParty, now, cancellation);
            await session.SaveChangesAsync(cancellation);
            return OcpiResult.Ok();
        }
        var received = existing?.AsReceived(call.Platform.Id);
        // A PATCH merges in clear, so that the merged token's holder fields are protected again under the contract it names.
        if (received is not null && patch)
            received = received with { Json = await holders.Reveal(call.Module, received.Json, cancellation) };
        var reception = call.Path.Count > 3
            ? LocationTree.Change(call.Platform, address, call.Path[3], call.Path.Count > 4 ? call.Path[4] : null, body, patch, received, now)
            : patch
                ? ReceivedObjects.Patch(call.Platform, address, body, RulesOf(call.Module), received, now)
                : ReceivedObjects.Put(call.Platform, address, body, RulesOf(call.Module), received, now);
        if (reception.Stored is not { } stored)
            return reception.Refusal!;

        var hubObject = new HubObject(key, call.Module, address.CountryCode, address.PartyId, address.ObjectId, call.ParticipantId,
            await holders.Protect(call.Module, stored.Json, cancellation), stored.LastUpdated, existing?.FirstStoredAt ?? now);
        await HubFanOut.StoreAndQueue(session, stream, hubObject, HubObjectSources.Ocpi, actor, toParty, now, cancellation);
        await session.SaveChangesAsync(cancellation);
        return ReceivedObjects.Answer(reception);
    }

    public static ObjectRules RulesOf(string module) => module switch
    {
        Modules.Locations => ModuleObjectRules.Location,
        Modules.Tokens => ModuleObjectRules.Token,
        Modules.Tariffs => ModuleObjectRules.Tariff,
        Modules.Cdrs => ModuleObjectRules.Cdr,
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, "the hub keeps no such objects"),
    };

    private static async Task<bool> Connected(IQuerySession session, string module, string owner, string party, CancellationToken cancellation)
    {
        var id = HubRecipients.OwnedByProvider(module) ? HubConnection.IdOf(party, owner) : HubConnection.IdOf(owner, party);
        return (await session.LoadAsync<HubConnection>(id, cancellation))?.Active == true;
    }
}
