using Marten;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Pushing;

/// <summary>Which partners get a push of one of our objects, and to which URL (their receiver endpoint of the module).</summary>
public static class DeliveryPlanner
{
    /// <summary>Locations, tariffs, tokens: every registered partner with a receiver interface for the module.
    /// Sessions and CDRs: only the platform of the eMSP the session's token belongs to (never broadcast, GDPR).</summary>
    public static IReadOnlyList<Delivery> Plan(IEnumerable<Partner> partners, OcpiObject own, string method, string pathSuffix, string? body,
        string dedupeKey, Instant now) =>
        Plan(partners, own, _ => [new Push(method, pathSuffix.Length == 0 ? [] : pathSuffix.Split('/'), body)], dedupeKey, now);

    /// <summary>The same partners, each with its own requests (the difference from what it was last sent), in order.</summary>
    public static IReadOnlyList<Delivery> Plan(IEnumerable<Partner> partners, OcpiObject own, Func<Partner, IReadOnlyList<Push>> pushesFor,
        string dedupeKey, Instant now)
    {
        var planned = new List<Delivery>();
        foreach (var partner in Receivers(partners, own))
        {
            var url = partner.EndpointUrl(own.Module, InterfaceRoles.Receiver)!;
            var to = Addressee(partner, own);
            var pushes = pushesFor(partner);
            for (var i = 0; i < pushes.Count; i++)
            {
                var push = pushes[i];
                // One request keeps the plain key (a CDR POST is planned once per key); several get a sequence number,
                // which also orders them (parents before children): pending deliveries go oldest first, then by id.
                var id = pushes.Count == 1 ? $"{partner.Id}/{dedupeKey}" : $"{partner.Id}/{dedupeKey}/{i:D3}";
                var target = (push.Path.Count == 0 ? url : Transport.OcpiUrls.Join(url, [.. push.Path])) + QueryOf(own);
                planned.Add(new Delivery(id, partner.Id, own.Module, push.Method, target, push.Body, to?.CountryCode, to?.PartyId,
                    DeliveryStatus.Queued, 0, now, now, null, null, own.Id));
            }
        }
        return planned;
    }

    /// <summary>The registered partners that receive this object: a receiver interface for its module and, for sessions and CDRs,
    /// the platform of the token's eMSP party (its own role or a client behind a hub).</summary>
    public static IEnumerable<Partner> Receivers(IEnumerable<Partner> partners, OcpiObject own) =>
        partners.Where(partner => partner.CanBeCalled && partner.EndpointUrl(own.Module, InterfaceRoles.Receiver) is not null &&
            (!Modules.SharedWithOneParty(own.Module) ||
             own.SharedWithCountryCode is not null && own.SharedWithPartyId is not null && partner.SpeaksFor(own.SharedWithCountryCode, own.SharedWithPartyId)));

    /// <summary>The OCPI-to party: the session's or CDR's eMSP party itself (routed by a hub when it is behind one); for
    /// locations, tariffs and tokens the partner's party in the receiving role, for a hub the hub itself (broadcast push).</summary>
    private static (string CountryCode, string PartyId)? Addressee(Partner partner, OcpiObject own)
    {
        if (Modules.SharedWithOneParty(own.Module))
            return (own.SharedWithCountryCode!, own.SharedWithPartyId!);
        if (partner.IsHub)
            return partner.Roles.FirstOrDefault() is { } hub ? (hub.CountryCode, hub.PartyId) : null;
        return partner.Addressee(own.Module == Modules.Tokens ? "CPO" : "EMSP");
    }

    /// <summary>A token other than RFID is addressed with <c>?type=</c>: the receiver keys tokens by (uid, type).</summary>
    private static string QueryOf(OcpiObject own)
    {
        if (own.Module != Modules.Tokens)
            return "";
        var type = own.Id[(own.Id.LastIndexOf('/') + 1)..];
        return type == "RFID" ? "" : $"?type={Uri.EscapeDataString(type)}";
    }

    /// <summary>Adds planned deliveries that do not exist yet (a replayed message must not plan a second CDR POST), one query.</summary>
    public static async Task Store(IDocumentSession session, IEnumerable<Delivery> deliveries, CancellationToken cancellation)
    {
        var planned = deliveries.ToList();
        if (planned.Count == 0)
            return;
        var existing = (await session.LoadManyAsync<Delivery>(cancellation, planned.Select(d => d.Id).Distinct().ToArray())).Select(d => d.Id).ToHashSet();
        foreach (var delivery in planned)
        {
            if (existing.Add(delivery.Id))
                session.Insert(delivery);
        }
    }

    /// <summary>Our own platform's registered partners (a platform connected to the hub gets our objects only through the hub's rules).</summary>
    public static async Task<IReadOnlyList<Partner>> Partners(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered && p.ParticipantId == null).ToListAsync(cancellation);
}
