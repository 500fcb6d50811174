using Microsoft.AspNetCore.Http;
using NodaTime;
using Roaming.Ocpi.Transport;
using Shouldly;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Tests.Transport;

public class PagingTests
{
    private static PageRequest? Parse(string query, out string? error) =>
        Paging.Parse(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), out error);

    [Fact]
    public void GivenNoParameters_ThenFirstPageOfTheMaximumSize()
    {
        Parse("", out _).ShouldBe(new PageRequest(null, null, 0, Paging.MaxLimit));
    }

    [Fact]
    public void GivenALimitAboveTheMaximum_ThenTheServerLowersIt()
    {
        Parse("?limit=5000&offset=10", out _).ShouldBe(new PageRequest(null, null, 10, Paging.MaxLimit));
    }

    [Theory]
    [InlineData("?offset=-1")]
    [InlineData("?limit=0")]
    [InlineData("?date_from=2026-01-01T00:00:00%2B01:00")]
    [InlineData("?date_to=yesterday")]
    public void GivenBadParameters_ThenAnError(string query)
    {
        Parse(query, out var error).ShouldBeNull();
        error.ShouldNotBeNull();
    }

    [Fact]
    public void DateFromIsInclusiveAndDateToExclusive()
    {
        var from = Instant.FromUtc(2026, 1, 1, 0, 0);
        var to = Instant.FromUtc(2026, 1, 2, 0, 0);
        var page = new PageRequest(from, to, 0, 10);
        page.Matches(from).ShouldBeTrue();
        page.Matches(to).ShouldBeFalse();
        page.Matches(to - Duration.FromSeconds(1)).ShouldBeTrue();
        page.Matches(from - Duration.FromSeconds(1)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0, 10, 25, 10)]
    [InlineData(10, 10, 25, 20)]
    [InlineData(20, 5, 25, null)]
    [InlineData(0, 0, 0, null)]
    public void NextOffsetOnlyWhileThereIsMore(int offset, int returned, int total, int? next) =>
        Paging.NextOffset(new PageRequest(null, null, offset, 10), returned, total).ShouldBe(next);

    [Fact]
    public void TheNextLinkRepeatsEveryFilter()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("cpo.example");
        context.Request.Path = "/ocpi/2.2.1/cpo/cdrs";
        context.Request.QueryString = new QueryString("?date_from=2026-01-01T00:00:00Z&date_to=2026-02-01T00:00:00Z&offset=0&limit=2");
        var url = Paging.NextUrl(context.Request, 2, 2);
        url.ShouldBe("http://cpo.example/ocpi/2.2.1/cpo/cdrs?date_from=2026-01-01T00%3A00%3A00Z&date_to=2026-02-01T00%3A00%3A00Z&offset=2&limit=2");
    }
}
