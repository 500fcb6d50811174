using System.Text.Json;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quartz;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Pulling;

/// <summary>Up to where we have pulled one module from one partner: the newest last_updated seen.</summary>
public sealed record PullWatermark(string Id, Instant? LastUpdated, Instant PulledAt);

/// <summary>What one pull of one module brought: objects read, stored (new or changed), refused, and the partner's answer when it failed.</summary>
public sealed record PullResult(string Module, int Read, int Stored, int Refused, string? Problem);

/// <summary>
/// Catching up after an outage (ocpi.md 2.8): GET each sender module of the partner from our watermark (date_from is
/// inclusive, so the boundary object is read again and found unchanged), following <c>Link</c> pages, and store what is
/// new or changed through the same rules as a push. A CDR goes through the push's own decision (<see cref="ReceiveCdr"/>):
/// stored once, and when new to us requested for reconciliation exactly as a pushed one (one
/// <see cref="PartnerCdrReconciliationRequested"/> per CDR, however often a pull reads it again or a push brings it too).
/// A peer that ignores offset cannot loop us: a page that brings nothing new past the page limit ends the crawl.
/// </summary>
public sealed class PartnerPull(IOcpiStore store, OcpiClient client, OwnPlatform own, HolderFields holders, IClock clock, ILogger<PartnerPull> logger)
{
    public const int MaxPages = 100;

    private static readonly (string Module, ObjectRules Rules)[] Pulled =
    [
        (Modules.Locations, ModuleObjectRules.Location), (Modules.Tariffs, ModuleObjectRules.Tariff), (Modules.Sessions, ModuleObjectRules.Session),
        (Modules.Cdrs, ModuleObjectRules.Cdr), (Modules.Tokens, ModuleObjectRules.Token),
    ];

    public async Task<IReadOnlyList<PullResult>> Pull(Partner partner, CancellationToken cancellation)
    {
        var results = new List<PullResult>();
        foreach (var (module, rules) in Pulled)
        {
            var url = partner.EndpointUrl(module, InterfaceRoles.Sender);
            if (url is null || !partner.CanBeCalled)
                continue;
            results.Add(await PullModule(partner, module, rules, url, cancellation));
        }
        return results;
    }

    private async Task<PullResult> PullModule(Partner partner, string module, ObjectRules rules, string url, CancellationToken cancellation)
    {
        var watermarkId = $"{partner.Id}/{module}";
        PullWatermark? watermark;
        await using (var query = store.QuerySession())
            watermark = await query.LoadAsync<PullWatermark>(watermarkId, cancellation);
        var next = watermark?.LastUpdated is { } from ? $"{url}?date_from={Uri.EscapeDataString(OcpiDateTime.Format(from))}" : url;
        int read = 0, stored = 0, refused = 0;
        var newest = watermark?.LastUpdated;
        string? previousFirst = null;
        for (var page = 0; next is not null && page < MaxPages; page++)
        {
            var to = partner.Roles.FirstOrDefault();
            var answer = await client.Send(new OcpiCall(HttpMethod.Get, next, partner.TheirToken!, partner.EncodeToken, null,
                (own.CountryCode, own.PartyId), to is null ? null : (to.CountryCode, to.PartyId)), cancellation);
            if (!answer.IsSuccess || answer.Data is not { ValueKind: JsonValueKind.Array } items)
                return new PullResult(module, read, stored, refused, $"GET {next}: {answer.Describe()}");
            // A peer that ignores offset answers the same page again: stop instead of crawling forever.
            var first = items.GetArrayLength() == 0 ? null : items[0].GetRawText();
            if (first is null || first == previousFirst)
                break;
            previousFirst = first;
            var now = clock.GetCurrentInstant();
            PageStored pageStored;
            try
            {
                pageStored = await StorePage(partner, module, rules, items, watermarkId, newest, now, cancellation);
            }
            catch (Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                // A CDR of this page was pushed to us while we pulled it: read the page again, that CDR is now known.
                pageStored = await StorePage(partner, module, rules, items, watermarkId, newest, now, cancellation);
            }
            read += pageStored.Read;
            stored += pageStored.Stored;
            refused += pageStored.Refused;
            newest = pageStored.Newest;
            next = answer.Link;
        }
        if (refused > 0)
            logger.LogWarning("Pulling {Module} from partner {Partner}: {Refused} object(s) refused", module, partner.Id, refused);
        return new PullResult(module, read, stored, refused, null);
    }

    private sealed record PageStored(int Read, int Stored, int Refused, Instant? Newest);

    /// <summary>One page in one commit, with the watermark it moves. A CDR new to us starts its stream with its
    /// reconciliation request, exactly as a pushed one does (<see cref="ReconcilingCdrs.StartStream"/>).</summary>
    private async Task<PageStored> StorePage(Partner partner, string module, ObjectRules rules, JsonElement items, string watermarkId,
        Instant? newest, Instant now, CancellationToken cancellation)
    {
        int read = 0, stored = 0, refused = 0;
        var cdrs = new HashSet<string>();
        await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));
        // Locked (not CDRs, which only ever start a stream): the partner pushes the same objects at any moment (StreamLocks).
        var locked = module == Modules.Cdrs
            ? new Dictionary<string, IEventStream<OcpiObject>>()
            : await session.FetchAllForExclusiveWriting<OcpiObject>(items.EnumerateArray().Select(item => AddressOf(module, item)?.Key).OfType<string>(),
                cancellation);
        foreach (var item in items.EnumerateArray())
        {
            read++;
            var reception = await ReceiveObjects.Protected(await Receive(session, locked, partner, module, rules, item, now, cancellation), holders,
                cancellation);
            if (reception.Refusal is not null)
                refused++;
            else if (reception.Stored is { } kept && (module != Modules.Cdrs || cdrs.Add(kept.Id))) // a CDR twice in one page: the first is stored
            {
                stored++;
                if (module == Modules.Cdrs)
                    await ReconcilingCdrs.StartStream(session, kept, ReceiveCdr.AddressOf(item), item, "pull", cancellation);
                else
                    locked[kept.Id].AppendOne(new OcpiObjectStored(kept, "pull"));
                newest = newest is null || kept.LastUpdated > newest ? kept.LastUpdated : newest;
            }
        }
        session.Store(new PullWatermark(watermarkId, newest, now));
        await session.SaveChangesAsync(cancellation);
        return new PageStored(read, stored, refused, newest);
    }

    /// <summary>The address of a pulled item; null when it lacks country_code, party_id or its id.</summary>
    private static ObjectAddress? AddressOf(string module, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return null;
        var cc = ReceivedObjects.Text(item, "country_code");
        var pid = ReceivedObjects.Text(item, "party_id");
        var id = ReceivedObjects.Text(item, module == Modules.Tokens ? "uid" : "id");
        return cc is null || pid is null || id is null
            ? null
            : new ObjectAddress(module, cc, pid, id, module == Modules.Tokens ? ReceivedObjects.Text(item, "type") ?? "RFID" : null);
    }

    private async Task<Reception> Receive(IDocumentSession session, IReadOnlyDictionary<string, IEventStream<OcpiObject>> locked, Partner partner,
        string module, ObjectRules rules, JsonElement item, Instant now, CancellationToken cancellation)
    {
        var idField = module == Modules.Tokens ? "uid" : "id";
        var cc = ReceivedObjects.Text(item, "country_code");
        var pid = ReceivedObjects.Text(item, "party_id");
        var id = ReceivedObjects.Text(item, idField);
        if (cc is null || pid is null || id is null)
            return Reception.Refused(OcpiResult.InvalidParameters("country_code, party_id and id are required"));
        var address = new ObjectAddress(module, cc, pid, id, module == Modules.Tokens ? ReceivedObjects.Text(item, "type") ?? "RFID" : null);
        var existing = locked.TryGetValue(address.Key, out var stream) ? stream.Aggregate : await session.LoadAsync<OcpiObject>(address.Key, cancellation);
        // A CDR goes through the same decision as a pushed one: stored once, never changed.
        if (module == Modules.Cdrs)
            return ReceiveCdr.Decide(partner, item, existing, now, out _);
        // Compared with the holder's data revealed: what we keep is encrypted, what the partner sends is in clear.
        if (existing is not null && JsonElement.DeepEquals(JsonDocument.Parse(await holders.Reveal(module, existing.Json, cancellation)).RootElement, item))
            return new Reception(null, null, false); // an unchanged object is not stored again
        return ReceivedObjects.Put(partner, address, item, rules, existing, now);
    }
}

/// <summary>The Quartz job: pull every registered partner (the interval is <c>Roaming:Ocpi:PullInterval</c>, default one hour).</summary>
[DisallowConcurrentExecution]
public sealed class PartnerPullJob(IOcpiStore store, PartnerPull pull, ILogger<PartnerPullJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<Partner> partners;
        await using (var session = store.QuerySession())
            partners = await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered && p.ParticipantId == null).ToListAsync(cancellationToken);
        foreach (var partner in partners)
        {
            foreach (var result in await pull.Pull(partner, cancellationToken))
            {
                if (result.Problem is not null)
                    logger.LogWarning("Pull of {Module} from partner {Partner} failed: {Problem}", result.Module, partner.Id, result.Problem);
            }
        }
    }
}
