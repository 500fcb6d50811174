using System.Text.Json;
using Marten;
using Roaming.Contracts.Ocpi.V1;

namespace Roaming.Ocpi.Objects.Receiving;

/// <summary>
/// A partner CDR to re-price, with what pricing needs beside the CDR: the partner's tariffs its periods name (from the
/// CDR's own <c>tariffs</c>, else from the tariffs the partner pushed) and the IANA zone of the partner's location.
/// Gathered when the CDR is stored, so the outbox map stays free of I/O.
/// </summary>
public sealed record PartnerCdrReconciliationRequested(string CountryCode, string PartyId, string CdrId, string CdrJson,
    IReadOnlyList<string> TariffJsons, string? TimeZone)
{
    public PartnerCdrReceived ToMessage() => new(CountryCode, PartyId, CdrId, CdrJson, TariffJsons, TimeZone);
}

public static class ReconcilingCdrs
{
    /// <summary>
    /// Starts the stream of a partner CDR stored for the first time, with its reconciliation request: pushed to our
    /// receiver or pulled from the partner's sender, the same two events, once per CDR (a stream is started once, so a
    /// second store of the same CDR, racing or later, cannot commit a second request).
    /// </summary>
    public static async Task StartStream(IDocumentSession session, OcpiObject stored, ObjectAddress cdr, JsonElement body, string source,
        CancellationToken cancellation) =>
        session.Events.StartStream<OcpiObject>(stored.Id, new OcpiObjectStored(stored, source),
            await Gather(session, cdr, body, stored.Json, cancellation));

    /// <summary><paramref name="storedJson"/> is the CDR as stored, its holder's contract id encrypted: the event and the
    /// message keep it so (reconciliation re-prices, it needs no contract id).</summary>
    public static async Task<PartnerCdrReconciliationRequested> Gather(IQuerySession session, ObjectAddress cdr, JsonElement body, string storedJson,
        CancellationToken cancellation)
    {
        var tariffJsons = new List<string>();
        if (!body.TryGetProperty("tariffs", out var embedded) || embedded.ValueKind != JsonValueKind.Array || embedded.GetArrayLength() == 0)
        {
            var tariffIds = body.TryGetProperty("charging_periods", out var periods) && periods.ValueKind == JsonValueKind.Array
                ? periods.EnumerateArray()
                    .Select(p => p.TryGetProperty("tariff_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                    .OfType<string>().Distinct().ToList()
                : [];
            foreach (var tariffId in tariffIds)
            {
                var tariff = await session.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Tariffs, cdr.CountryCode, cdr.PartyId, tariffId), cancellation);
                if (tariff is { Removed: false })
                    tariffJsons.Add(tariff.Json);
            }
        }
        string? timeZone = null;
        if (body.TryGetProperty("cdr_location", out var location) && location.TryGetProperty("id", out var locationId)
            && locationId.ValueKind == JsonValueKind.String)
        {
            var stored = await session.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Locations, cdr.CountryCode, cdr.PartyId, locationId.GetString()!), cancellation);
            if (stored is not null && JsonDocument.Parse(stored.Json).RootElement.TryGetProperty("time_zone", out var zone))
                timeZone = zone.GetString();
        }
        return new PartnerCdrReconciliationRequested(cdr.CountryCode, cdr.PartyId, cdr.ObjectId, storedJson, tariffJsons, timeZone);
    }
}
