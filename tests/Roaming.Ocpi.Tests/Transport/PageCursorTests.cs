using FsCheck;
using FsCheck.Xunit;
using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Transport;

/// <summary>The cursor our Link header carries, and the parties a partner is filtered by in the database.</summary>
public class PageCursorTests
{
    [Property(MaxTest = 200)]
    public bool ACursorReadsBackAsWritten(long ticks, NonEmptyString id)
    {
        var cursor = new PageCursor(ticks, id.Get);
        return PageCursor.Parse(cursor.ToString()) == cursor;
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-ours")]
    [InlineData("MTIz")] // "123": no id
    [InlineData("LjEyMw")] // ".123": no ticks
    public void SomethingWeDidNotWriteIsNoCursor(string text) => PageCursor.Parse(text).ShouldBeNull();

    [Fact]
    public void TheNextLinkCarriesTheCursorOnceAndDropsTheOldOne()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("cpo.example");
        context.Request.Path = "/ocpi/2.2.1/cpo/cdrs";
        var old = new PageCursor(1, "CDRS/NL/CPO/A");
        context.Request.QueryString = new QueryString($"?date_from=2026-01-01T00:00:00Z&offset=2&limit=2&after={old}");
        var next = new PageCursor(17_000_000_000_000_000, "CDRS/NL/CPO/B");
        var url = Paging.NextUrl(context.Request, 4, 2, next);
        url.ShouldBe($"http://cpo.example/ocpi/2.2.1/cpo/cdrs?date_from=2026-01-01T00%3A00%3A00Z&offset=4&limit=2&after={next}");
        Paging.Parse(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query)), out _)!.After.ShouldBe(next);
    }

    [Fact]
    public void PartiesSpokenForAreWhatSpeaksForAccepts()
    {
        var partner = new Partner("p", "P", PartnerStatus.Registered, null, null, null, true, null, [],
            [new CredentialsRole("EMSP", new BusinessDetails("P"), "msp", "nl"), new CredentialsRole("CPO", new BusinessDetails("P"), "CPO", "NL")],
            NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0), NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0),
            [new HubClientParty("DE", "ABC", "EMSP", "CONNECTED", default), new HubClientParty("DE", "OFF", "EMSP", "OFFLINE", default)]);
        partner.PartiesSpokenFor().ShouldBe(["NL*MSP", "NL*CPO", "DE*ABC"]);
        foreach (var (countryCode, partyId) in new[] { ("NL", "MSP"), ("nl", "cpo"), ("DE", "ABC"), ("DE", "OFF"), ("FR", "MSP") })
            partner.PartiesSpokenFor().Contains($"{countryCode}*{partyId}".ToUpperInvariant()).ShouldBe(partner.SpeaksFor(countryCode, partyId));
    }

    [Theory]
    [InlineData("self", false, "cdrs", "cdrs")]
    [InlineData("self", true, "cdrs", null)]
    [InlineData("partner-1", false, "cdrs", null)]
    public void OnlyOurObjectsNotRemovedAreListed(string owner, bool removed, string module, string? listedIn) =>
        new OcpiObject("K", module, "NL", "CPO", "1", owner, "{}", default, default, Removed: removed).ListedIn.ShouldBe(listedIn);
}
