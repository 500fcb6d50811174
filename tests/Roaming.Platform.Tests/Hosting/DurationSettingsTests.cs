using Microsoft.Extensions.Configuration;
using Roaming.Platform.Hosting;
using Shouldly;
using Xunit;

namespace Roaming.Platform.Tests.Hosting;

public sealed class DurationSettingsTests
{
    private const string Setting = "Roaming:Settlement:CloseInterval";

    private static IConfiguration With(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Setting] = value }).Build();

    [Theory]
    [InlineData(null, 60)]
    [InlineData("", 60)]
    [InlineData("00:05:00", 5)]
    [InlineData("1.00:00:00", 1440)]
    public void An_unset_setting_gives_the_default_and_a_set_one_its_value(string? value, int expectedMinutes) =>
        With(value).PositiveDuration(Setting, TimeSpan.FromHours(1)).ShouldBe(TimeSpan.FromMinutes(expectedMinutes));

    [Theory]
    [InlineData("hourly")]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    public void A_bad_value_is_refused_naming_the_setting_and_the_expected_form(string value)
    {
        var refused = Should.Throw<ArgumentException>(() => With(value).PositiveDuration(Setting, TimeSpan.FromHours(1)));
        refused.Message.ShouldContain(Setting);
        refused.Message.ShouldContain($"'{value}'");
        refused.Message.ShouldContain("01:00:00");
    }
}
