using Roaming.Ochp.Client;
using Shouldly;

namespace Roaming.Ochp.Tests.Client.Cpo;

public sealed class OptionsTests
{
    private static OchpClientOptions Valid() => new()
    {
        Endpoint = "https://echs.e-clearing.net/service/ochp/v1.4",
        Cpo = new OchpCpoLogin { Username = "cpo", Password = "secret", OperatorId = "DE*ABC" },
    };

    [Fact]
    public void Without_an_endpoint_nothing_is_checked_and_nothing_runs()
    {
        var options = new OchpClientOptions { Cpo = new OchpCpoLogin() };
        options.IsEnabled.ShouldBeFalse();
        options.Problems().ShouldBeEmpty();
    }

    [Fact]
    public void A_valid_cpo_setting_derives_the_live_port()
    {
        Valid().Problems().ShouldBeEmpty();
        Valid().LivePort.ShouldBe(new Uri("https://echs.e-clearing.net/live/ochp/v1.4"));
    }

    public static TheoryData<string, Action<OchpClientOptions>> Broken => new()
    {
        { "Endpoint", o => o.Endpoint = "ftp://x/service/" },
        { "LiveEndpoint must be set", o => o.Endpoint = "https://chs.example/ochp" },
        { "at least one of Cpo and Emsp", o => o.Cpo = null },
        { "Cpo:Password", o => o.Cpo!.Password = "" },
        { "Cpo:OperatorId", o => o.Cpo!.OperatorId = "DEABCD" },
        { "Emsp:ProviderId", o => o.Emsp = new OchpEmspLogin { Username = "e", Password = "p", ProviderId = "x" } },
        { "CdrBatchSize", o => o.CdrBatchSize = 0 },
        { "StatusTtl", o => o.StatusTtl = TimeSpan.Zero },
        { "LocationNameLanguage", o => o.LocationNameLanguage = "de" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_bad_setting_is_named_at_start_up(string named, Action<OchpClientOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);
        options.Problems().ShouldContain(p => p.Contains(named, StringComparison.Ordinal));
        Should.Throw<InvalidOperationException>(options.Validate).Message.ShouldContain(named);
    }
}
