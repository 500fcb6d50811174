using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Objects.Sending;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.InvoiceReconciliation;

/// <summary>
/// <c>/ocpi/2.2.1/invoicereconciliation</c>, both interfaces on one URL (their methods and paths do not overlap):
/// the sender's paged <c>GET</c> of our records (only those of statements the caller's parties are part of), and the
/// receiver's <c>POST</c>, and <c>GET</c>/<c>PUT</c>/<c>DELETE</c> on <c>/{country_code}/{party_id}/{id}</c>, for
/// the records a partner issues to us.
/// </summary>
public static class InvoiceReconciliationEndpoints
{
    public const string Path = "invoicereconciliation";

    public static void MapInvoiceReconciliation(this IEndpointRouteBuilder ocpi)
    {
        ocpi.MapGet("/" + Path, List);
        ocpi.MapPost("/" + Path, (HttpContext http, IOcpiStore store, IClock clock) => Receive(http, store, clock, null));
        ocpi.MapPut("/" + Path + "/{cc}/{pid}/{id}", (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock) =>
            Receive(http, store, clock, new ObjectAddress(Modules.InvoiceReconciliation, cc, pid, id)));
        ocpi.MapGet("/" + Path + "/{cc}/{pid}/{id}", (string cc, string pid, string id, HttpContext http, IOcpiStore store) =>
            GetReceived(http, store, new ObjectAddress(Modules.InvoiceReconciliation, cc, pid, id)));
        ocpi.MapDelete("/" + Path + "/{cc}/{pid}/{id}", (string cc, string pid, string id, HttpContext http, IOcpiStore store, IClock clock) =>
            DeleteReceived(http, store, clock, new ObjectAddress(Modules.InvoiceReconciliation, cc, pid, id)));
    }

    private static async Task<OcpiResult> List(HttpContext http, OwnObjectPages pages)
    {
        var page = Paging.Parse(http.Request.Query, out var error);
        if (page is null)
            return OcpiResult.InvalidParameters(error!);
        // Same order and filtering as the other sender interfaces, in PostgreSQL; visibility as InvoiceReconciliationRecords.Visible.
        var found = await pages.Read(Modules.InvoiceReconciliation, page, OcpiGate.CallerOf(http), http.RequestAborted);
        var items = found.Jsons.Select(json => JsonDocument.Parse(json).RootElement).ToList();
        return Paging.Page(http.Request, page, items, found.Total, found.Last, found.More);
    }

    /// <summary>POST (new record, address from the body) or PUT (address from the URL, which the body must match).</summary>
    private static async Task<OcpiResult> Receive(HttpContext http, IOcpiStore store, IClock clock, ObjectAddress? urlAddress)
    {
        var (body, bad) = await OcpiBody.Read(http.Request);
        if (bad is not null)
            return bad;
        if (InvoiceReconciliationRecords.Problem(body) is { } problem)
            return OcpiResult.InvalidParameters(problem);
        var address = new ObjectAddress(Modules.InvoiceReconciliation, ReceivedObjects.Text(body, "country_code")!, ReceivedObjects.Text(body, "party_id")!,
            ReceivedObjects.Text(body, "id")!);
        if (urlAddress is not null && ReceivedObjects.Mismatch(urlAddress, body) is { } mismatch)
            return OcpiResult.InvalidParameters(mismatch);
        var partner = OcpiGate.CallerOf(http);
        if (ReceivedObjects.RefuseParty(partner, address) is { } refused)
            return refused;
        var now = clock.GetCurrentInstant();
        await using var session = ReceiveObjects.Session(store, partner, now);
        var stream = await ReceiveObjects.Lock(session, address.Key, http.RequestAborted);
        var existing = stream.Aggregate;
        if (existing is not null && existing.Owner != partner.Id)
            return OcpiResult.NotFound($"Unknown invoicereconciliation object {address.ObjectId}");
        var stored = ReceivedObjects.Store(partner, address, body.GetRawText(), existing, now, body);
        return await ReceiveObjects.Save(session, stream, new Reception(stored, null, existing is null || existing.Removed), http.RequestAborted);
    }

    private static async Task<OcpiResult> GetReceived(HttpContext http, IOcpiStore store, ObjectAddress address)
    {
        var partner = OcpiGate.CallerOf(http);
        if (ReceivedObjects.RefuseParty(partner, address) is { } refused)
            return refused;
        await using var session = store.QuerySession();
        var stored = await session.LoadAsync<OcpiObject>(address.Key, http.RequestAborted);
        return stored is null || stored.Removed || stored.Owner != partner.Id
            ? OcpiResult.NotFound($"Unknown invoicereconciliation object {address.ObjectId}")
            : OcpiResult.Ok(JsonDocument.Parse(stored.Json).RootElement);
    }

    private static async Task<OcpiResult> DeleteReceived(HttpContext http, IOcpiStore store, IClock clock, ObjectAddress address)
    {
        var partner = OcpiGate.CallerOf(http);
        if (ReceivedObjects.RefuseParty(partner, address) is { } refused)
            return refused;
        var now = clock.GetCurrentInstant();
        await using var session = ReceiveObjects.Session(store, partner, now);
        var stream = await ReceiveObjects.Lock(session, address.Key, http.RequestAborted);
        var existing = stream.Aggregate;
        if (existing is null || existing.Removed || existing.Owner != partner.Id)
            return OcpiResult.NotFound($"Unknown invoicereconciliation object {address.ObjectId}");
        return await ReceiveObjects.Save(session, stream, new Reception(existing with { Removed = true, LastUpdated = now }, null, false), http.RequestAborted);
    }
}
