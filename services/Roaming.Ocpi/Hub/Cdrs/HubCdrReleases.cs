using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ocpi.Hub.Broadcast;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>
/// Hands a cleared CDR to its e-MSP's OCPI platforms: as OCPI 2.2.1 JSON (as the CPO pushed it, or mapped from OCHP by
/// the bridge), kept as a hub CDR for the e-MSP's list and queued for its platform, in the caller's session. A CDR that
/// cannot become an OCPI CDR yet (an OCHP CDR whose EVSE position the hub does not know) keeps its problem and is
/// tried again when the CPO's locations arrive (<see cref="RetryWaiting"/>): it is never dropped.
/// </summary>
public sealed class HubCdrReleases(IOcpiStore store, HolderFields holders, IClock clock, ILogger<HubCdrReleases> logger)
{
    /// <summary>Releases <paramref name="facts"/>; the state back has its <see cref="HubCdrClearing.Problem"/> set or cleared.</summary>
    public async Task<HubCdrClearing> Release(IDocumentSession session, HubCdrClearing state, CdrForClearing facts, Instant at, CancellationToken cancellation)
    {
        if (state.ProviderId is not { } provider)
            return state;
        var (json, problems) = await OcpiDocument(facts, at, cancellation);
        if (json is null)
        {
            logger.LogWarning("CDR {CdrId} ({Protocol}) accepted for e-MSP {Provider} is not an OCPI CDR yet: {Problems}", facts.CdrId, facts.Protocol,
                provider, string.Join("; ", problems));
            return state with { Problem = string.Join("; ", problems) };
        }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var address = ReceiveCdr.AddressOf(root);
        var lastUpdated = ReceivedObjects.Text(root, "last_updated") is { } text && OcpiDateTime.TryParse(text) is { } stated ? stated : at;
        var key = HubObject.KeyFor(Modules.Cdrs, address.CountryCode, address.PartyId, address.ObjectId);
        var existing = await session.LoadAsync<HubObject>(key, cancellation);
        var now = clock.GetCurrentInstant();
        var hubObject = new HubObject(key, Modules.Cdrs, address.CountryCode.ToUpperInvariant(), address.PartyId.ToUpperInvariant(), address.ObjectId,
            "", await holders.Protect(Modules.Cdrs, json, cancellation), lastUpdated, existing?.FirstStoredAt ?? now, provider);
        await HubFanOut.StoreAndQueue(session, hubObject, HubObjectSources.Clearing, "clearing", null, now, cancellation);
        return state with { Problem = null };
    }

    /// <summary>The released CDRs of <paramref name="operatorParty"/> that could not become OCPI CDRs yet, tried again (its locations changed).</summary>
    public async Task RetryWaiting(IDocumentSession session, string operatorParty, CancellationToken cancellation)
    {
        var party = operatorParty.ToUpperInvariant();
        var waiting = await session.Query<HubCdrClearing>().Where(c => c.OperatorId == party && c.Problem != null).ToListAsync(cancellation);
        foreach (var state in waiting.Where(s => s.Cdr is not null))
            session.Store(await Release(session, state, state.Cdr!, state.ChangedAt, cancellation));
    }

    private async Task<OcpiCdrDocument> OcpiDocument(CdrForClearing facts, Instant at, CancellationToken cancellation) => facts.Protocol switch
    {
        OcpiCdrForClearing.Protocol => new OcpiCdrDocument(facts.Document, []),
        OchpCdrForOcpi.Protocol => OchpCdrForOcpi.Map(facts, await OchpCdrForOcpi.PositionOf(store, facts.EvseId, cancellation), at),
        _ => new OcpiCdrDocument(null, [$"no mapping from {facts.Protocol} to OCPI 2.2.1"]),
    };
}
