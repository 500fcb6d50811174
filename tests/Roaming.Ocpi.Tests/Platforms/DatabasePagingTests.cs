using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Ocpi.InvoiceReconciliation;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Sending;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Protocols.Ocpi;
using Shouldly;

namespace Roaming.Ocpi.Tests.Platforms;

/// <summary>
/// The sender lists as PostgreSQL pages them: every page against what the in-memory rules (<see cref="PageRequest.Matches"/>,
/// <see cref="SendObjects.Visible"/>, <see cref="InvoiceReconciliationRecords.Visible"/>, first storage time then id) select.
/// Partners are registered by their events, as after a handshake, so each one's token is known here.
/// </summary>
public class DatabasePagingTests : IAsyncLifetime
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 1, 0, 0);
    private OcpiPlatform _cpo = null!;

    public async Task InitializeAsync() => _cpo = await OcpiPlatform.Start("roaming_ocpi_db_paging", "NL*CPO");

    public async Task DisposeAsync() => await _cpo.DisposeAsync();

    [Fact]
    public async Task pages_across_a_date_window_follow_the_link_to_the_end_with_the_same_total_on_every_page()
    {
        var token = await Partner("msp", [("EMSP", "NL", "MSP")]);
        // 30 CDRs an hour apart; one in three shared with another eMSP, one removed, one a partner's own.
        var all = Enumerable.Range(0, 30).Select(i => Own(Modules.Cdrs, $"C{i:00}", Start + Duration.FromHours(i), Start + Duration.FromSeconds(30 - i),
            i % 3 == 2 ? "OTH" : "MSP", removed: i == 7)).ToList();
        all.Add(Own(Modules.Cdrs, "THEIRS", Start + Duration.FromHours(5), Start, "MSP") with { Owner = "some-partner" });
        await Store(all);
        var page = new PageRequest(Start + Duration.FromHours(4), Start + Duration.FromHours(25), 0, 4);
        var caller = await Caller("msp");
        var expected = Expected(all, page, o => SendObjects.Visible(o, caller));
        expected.Count.ShouldBe(13);

        var (ids, pages) = await ReadAll(_cpo.Ocpi(token),
            "/ocpi/2.2.1/cpo/cdrs?date_from=2026-11-01T04:00:00Z&date_to=2026-11-02T01:00:00Z&limit=4", expectedTotal: 13, expectedLimit: 4);

        ids.ShouldBe(expected);
        pages.ShouldBe(4);
    }

    [Fact]
    public async Task each_partner_sees_exactly_what_the_visibility_rules_allow_in_every_module()
    {
        var random = new Random(15);
        // Parties and times by index (every party in every module, some before date_from); storage order shuffled.
        string[] parties = ["MSP", "HUB", "CLI", "OFF", "OTH"];
        var objects = new List<OcpiObject>();
        foreach (var module in new[] { Modules.Cdrs, Modules.Sessions, Modules.Tariffs, Modules.Locations, Modules.InvoiceReconciliation })
        {
            for (var i = 0; i < 12; i++)
            {
                var shared = parties[i % parties.Length];
                var lastUpdated = Start + Duration.FromMinutes(i * 53 % 600);
                objects.Add(module == Modules.InvoiceReconciliation && i % 4 == 0
                    // A record the other party issued (self-billing): the issuer is that party, shared with us.
                    ? Own(module, $"{module[..2]}{i}", lastUpdated, Start + Duration.FromSeconds(random.Next(0, 5)), "CPO", issuer: shared)
                    : Own(module, $"{module[..2]}{i}", lastUpdated, Start + Duration.FromSeconds(random.Next(0, 5)), shared, removed: i == 5));
            }
        }
        await Store(objects);
        var tokens = new Dictionary<string, string>
        {
            ["msp"] = await Partner("msp", [("EMSP", "NL", "MSP")]),
            ["two-roles"] = await Partner("two-roles", [("EMSP", "nl", "oth"), ("CPO", "NL", "XYZ")]),
            ["hub"] = await Partner("hub", [("HUB", "NL", "HUB")], new HubClientParty("NL", "CLI", "EMSP", "CONNECTED", Start),
                new HubClientParty("NL", "OFF", "EMSP", "OFFLINE", Start)),
            ["stranger"] = await Partner("stranger", [("EMSP", "DE", "MSP")]),
        };
        var cli = new HubClientParty("NL", "CLI", "EMSP", "CONNECTED", Start);
        var seen = new Dictionary<(string Partner, string Module), int>();
        foreach (var (partnerId, token) in tokens)
        {
            var caller = await Caller(partnerId);
            var client = _cpo.Ocpi(token);
            if (caller.IsHub)
            {
                // Through a hub the request names its client: the hub then speaks for that client only.
                client.DefaultRequestHeaders.Add("OCPI-from-country-code", cli.CountryCode);
                client.DefaultRequestHeaders.Add("OCPI-from-party-id", cli.PartyId);
                caller = caller.ForwardingFor(cli);
            }
            foreach (var (module, path) in new[]
                     {
                         (Modules.Cdrs, "cpo/cdrs"), (Modules.Sessions, "cpo/sessions"), (Modules.Tariffs, "cpo/tariffs"),
                         (Modules.Locations, "cpo/locations"), (Modules.InvoiceReconciliation, "invoicereconciliation"),
                     })
            {
                Func<OcpiObject, bool> visible = module == Modules.InvoiceReconciliation
                    ? o => InvoiceReconciliationRecords.Visible(o, caller)
                    : o => SendObjects.Visible(o, caller);
                var expected = Expected(objects.Where(o => o.Module == module), new PageRequest(Start + Duration.FromHours(2), null, 0, 5), visible);
                var (ids, _) = await ReadAll(client, $"/ocpi/2.2.1/{path}?date_from=2026-11-01T02:00:00Z&limit=5", expected.Count, 5);
                ids.ShouldBe(expected, $"{partnerId} on {module}");
                seen[(partnerId, module)] = ids.Count;
            }
        }
        // The data set is not trivial: shared lists differ by partner, the others do not, and a third party sees none of them.
        seen[("stranger", Modules.Cdrs)].ShouldBe(0);
        seen[("msp", Modules.Cdrs)].ShouldBeGreaterThan(0);
        seen[("hub", Modules.Sessions)].ShouldBeGreaterThan(0);
        seen[("two-roles", Modules.InvoiceReconciliation)].ShouldBeGreaterThan(0);
        seen[("stranger", Modules.Tariffs)].ShouldBe(seen[("msp", Modules.Tariffs)]);
    }

    [Fact]
    public async Task a_removal_behind_the_reader_skips_nothing_and_the_total_follows_it()
    {
        var token = await Partner("msp", [("EMSP", "NL", "MSP")]);
        var all = Enumerable.Range(0, 9).Select(i => Own(Modules.Cdrs, $"C{i}", Start + Duration.FromHours(i), Start + Duration.FromSeconds(i), "MSP")).ToList();
        await Store(all);
        var client = _cpo.Ocpi(token);

        var first = await client.GetAsync("/ocpi/2.2.1/cpo/cdrs?limit=3");
        first.Headers.GetValues("X-Total-Count").ShouldBe(["9"]);
        var next = first.Headers.GetValues("Link").Single().Split('>')[0].TrimStart('<');
        next.ShouldContain("offset=3");
        await Store([all[1] with { Removed = true, LastUpdated = Start + Duration.FromDays(1) }]);

        var (rest, _) = await ReadAll(client, next, expectedTotal: 8, expectedLimit: 3);
        rest.ShouldBe(["C3", "C4", "C5", "C6", "C7", "C8"]);
    }

    [Fact]
    public async Task an_offset_without_our_cursor_is_skipped_in_the_query_and_a_bad_cursor_is_refused()
    {
        var token = await Partner("msp", [("EMSP", "NL", "MSP")]);
        await Store(Enumerable.Range(0, 12).Select(i => Own(Modules.Tariffs, $"T{i:00}", Start + Duration.FromHours(i), Start + Duration.FromSeconds(i), "MSP")));
        var client = _cpo.Ocpi(token);

        var page = await client.GetAsync("/ocpi/2.2.1/cpo/tariffs?offset=10&limit=5");
        Ids(await page.Content.ReadFromJsonAsync<JsonObject>()).ShouldBe(["T10", "T11"]);
        page.Headers.GetValues("X-Total-Count").ShouldBe(["12"]);
        page.Headers.Contains("Link").ShouldBeFalse();

        var bad = await (await client.GetAsync("/ocpi/2.2.1/cpo/tariffs?after=not-ours")).Content.ReadFromJsonAsync<JsonObject>();
        bad!["status_code"]!.GetValue<int>().ShouldBe(2001);
        bad["status_message"]!.GetValue<string>().ShouldContain("after");
    }

    [Fact]
    public async Task objects_stored_before_database_paging_are_listed_after_a_restart()
    {
        var token = await Partner("msp", [("EMSP", "NL", "MSP")]);
        await Store(Enumerable.Range(0, 3).Select(i => Own(Modules.Cdrs, $"C{i}", Start + Duration.FromHours(i), Start + Duration.FromSeconds(i), "MSP")));
        // As an older version stored them: without the members the lists filter on.
        await using (var connection = new Npgsql.NpgsqlConnection(_cpo.Connection))
        {
            await connection.OpenAsync();
            await using var strip = new Npgsql.NpgsqlCommand("update ocpi.mt_doc_ocpiobject set data = data - 'listedIn' - 'lastUpdatedTicks' - " +
                                                             "'firstStoredTicks' - 'party' - 'sharedWithParty' where data ->> 'objectId' <> 'C1'", connection);
            (await strip.ExecuteNonQueryAsync()).ShouldBe(2);
        }
        (await ReadAll(_cpo.Ocpi(token), "/ocpi/2.2.1/cpo/cdrs?date_from=2026-11-01T00:00:00Z", 1, Paging.MaxLimit)).Ids.ShouldBe(["C1"]);

        _cpo = await _cpo.Restart();

        (await ReadAll(_cpo.Ocpi(token), "/ocpi/2.2.1/cpo/cdrs?date_from=2026-11-01T00:00:00Z", 3, Paging.MaxLimit)).Ids.ShouldBe(["C0", "C1", "C2"]);
    }

    /// <summary>Follows Link headers to the end; every page must carry the same total and our limit.</summary>
    private static async Task<(List<string> Ids, int Pages)> ReadAll(HttpClient client, string url, int expectedTotal, int expectedLimit)
    {
        var ids = new List<string>();
        var pages = 0;
        string? next = url;
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            body!["status_code"]!.GetValue<int>().ShouldBe(1000, body.ToJsonString());
            response.Headers.GetValues("X-Total-Count").ShouldBe([expectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            response.Headers.GetValues("X-Limit").ShouldBe([expectedLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            ids.AddRange(Ids(body));
            pages++;
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('>')[0].TrimStart('<') : null;
            if (next is not null && url.Contains("date_from", StringComparison.Ordinal))
                next.ShouldContain("date_from=");
            pages.ShouldBeLessThan(100);
        }
        return (ids, pages);
    }

    private static List<string> Ids(JsonObject? body) => body!["data"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();

    private static List<string> Expected(IEnumerable<OcpiObject> all, PageRequest page, Func<OcpiObject, bool> visible) =>
        all.Where(o => o.Owner == Owners.Self && !o.Removed && page.Matches(o.LastUpdated) && visible(o))
            .OrderBy(o => o.FirstStoredAt).ThenBy(o => o.Id, StringComparer.Ordinal).Select(o => o.ObjectId).ToList();

    /// <summary>One of our objects, shared with the eMSP party NL*<paramref name="sharedWith"/> (ignored by the modules that share with everyone).</summary>
    private static OcpiObject Own(string module, string id, Instant lastUpdated, Instant firstStored, string sharedWith, bool removed = false,
        string issuer = "CPO")
    {
        var json = new JsonObject { ["country_code"] = "NL", ["party_id"] = issuer, ["id"] = id, ["last_updated"] = OcpiDateTime.Format(lastUpdated) };
        return new OcpiObject(OcpiObject.KeyFor(module, "NL", issuer, id), module, "NL", issuer, id, Owners.Self, json.ToJsonString(), lastUpdated, firstStored,
            "NL", sharedWith, removed);
    }

    private async Task Store(IEnumerable<OcpiObject> objects)
    {
        await using var session = _cpo.Store.LightweightSession();
        foreach (var own in objects)
            session.Events.Append(own.Id, new OcpiObjectStored(own, "test"));
        await session.SaveChangesAsync();
    }

    /// <summary>A registered partner platform with these roles (and hub clients); returns the token it calls us with.</summary>
    private async Task<string> Partner(string id, (string Role, string CountryCode, string PartyId)[] roles, params HubClientParty[] clients)
    {
        var token = $"token-{id}";
        var credentials = roles.Select(r => new CredentialsRole(r.Role, new BusinessDetails(id), r.PartyId, r.CountryCode)).ToList();
        var vault = new TokenVault(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), []);
        await using var session = _cpo.Store.LightweightSession();
        session.Events.StartStream<Partner>(id, [
            new PartnerCreated(id, id, TokenHash.Of($"a-{id}"), Start),
            new PartnerRegistered(id, TheirCredentials.Sealed(new OcpiCredentials($"theirs-{id}", "http://127.0.0.1:9/versions", credentials), vault), [],
                TokenHash.Of(token), true, Start),
            .. clients.Select(client => (object)new HubClientReported(id, client, Start)),
        ]);
        await session.SaveChangesAsync();
        return token;
    }

    private async Task<Partner> Caller(string id)
    {
        await using var session = _cpo.Store.QuerySession();
        return (await session.LoadAsync<Partner>(id))!;
    }
}
