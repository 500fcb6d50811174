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
        string dedupeKey, Instant now)
    {
        var planned = new List<Delivery>();
        foreach (var partner in partners.Where(p => p.CanBeCalled))
        {
            var url = partner.EndpointUrl(own.Module, InterfaceRoles.Receiver);
            if (url is null)
                continue;
            (string CountryCode, string PartyId)? to;
            if (own.Module is Modules.Sessions or Modules.Cdrs)
            {
                // To the eMSP party itself, which may be the platform's own role or a client behind a hub.
                if (own.SharedWithCountryCode is null || own.SharedWithPartyId is null || !partner.SpeaksFor(own.SharedWithCountryCode, own.SharedWithPartyId))
                    continue;
                to = (own.SharedWithCountryCode, own.SharedWithPartyId);
            }
            else
            {
                var role = partner.Roles.FirstOrDefault(r => r.Role == (own.Module == Modules.Tokens ? "CPO" : "EMSP")) ?? partner.Roles.FirstOrDefault();
                to = role is null ? null : (role.CountryCode, role.PartyId);
            }
            var target = (pathSuffix.Length == 0 ? url : Transport.OcpiUrls.Join(url, pathSuffix.Split('/'))) + QueryOf(own);
            planned.Add(new Delivery($"{partner.Id}/{dedupeKey}", partner.Id, own.Module, method, target, body, to?.CountryCode, to?.PartyId,
                DeliveryStatus.Pending, 0, now, now, null, null));
        }
        return planned;
    }

    /// <summary>A token other than RFID is addressed with <c>?type=</c>: the receiver keys tokens by (uid, type).</summary>
    private static string QueryOf(OcpiObject own)
    {
        if (own.Module != Modules.Tokens)
            return "";
        var type = own.Id[(own.Id.LastIndexOf('/') + 1)..];
        return type == "RFID" ? "" : $"?type={Uri.EscapeDataString(type)}";
    }

    /// <summary>Adds planned deliveries that do not exist yet (a replayed message must not plan a second CDR POST).</summary>
    public static async Task Store(IDocumentSession session, IEnumerable<Delivery> deliveries, CancellationToken cancellation)
    {
        foreach (var delivery in deliveries)
        {
            if (await session.LoadAsync<Delivery>(delivery.Id, cancellation) is null)
                session.Insert(delivery);
        }
    }

    public static async Task<IReadOnlyList<Partner>> Partners(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered).ToListAsync(cancellation);
}
