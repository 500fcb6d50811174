using Microsoft.Extensions.Configuration;
using NodaTime;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Pushing;

/// <summary><c>Roaming:Ocpi:Delivery*</c> as the host binds and checks them at start.</summary>
public class DeliverySettingsTests
{
    private static OcpiOptions Bind(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => $"Roaming:Ocpi:{s.Key}", s => (string?)s.Value)).Build()
            .GetSection("Roaming:Ocpi").Get<OcpiOptions>() ?? new OcpiOptions();

    [Fact]
    public void TheDefaultsRetryForThreeDaysFromOneSecondUpToFiveMinutes()
    {
        var options = Bind();
        options.Validate();
        options.DeliveryTimings.ShouldBe(new RetryTimings(Duration.FromSeconds(1), Duration.FromMinutes(5), Duration.FromDays(3)));
    }

    [Theory]
    [InlineData("DeliveryGiveUpAfter", "00:00:00", "Roaming:Ocpi:DeliveryGiveUpAfter")]
    [InlineData("DeliveryGiveUpAfter", "-1.00:00:00", "Roaming:Ocpi:DeliveryGiveUpAfter")]
    [InlineData("DeliveryFirstRetryAfter", "00:00:00", "Roaming:Ocpi:DeliveryFirstRetryAfter")]
    [InlineData("DeliveryMaxRetryInterval", "00:00:00.5", "Roaming:Ocpi:DeliveryMaxRetryInterval")]
    public void ABadValueIsRefusedNamingTheSetting(string key, string value, string named) =>
        Should.Throw<ArgumentException>(() => Bind((key, value)).Validate()).Message.ShouldContain(named);

    [Fact]
    public void AValueThatIsNoDurationIsRefusedNamingTheSetting() =>
        Should.Throw<InvalidOperationException>(() => Bind(("DeliveryGiveUpAfter", "3 days"))).Message.ShouldContain("Roaming:Ocpi:DeliveryGiveUpAfter");

    [Fact]
    public void DaysAndMillisecondsBothBind()
    {
        var options = Bind(("DeliveryGiveUpAfter", "7.00:00:00"), ("DeliveryFirstRetryAfter", "00:00:00.050"), ("DeliveryMaxRetryInterval", "00:00:00.300"));
        options.Validate();
        options.DeliveryTimings.ShouldBe(new RetryTimings(Duration.FromMilliseconds(50), Duration.FromMilliseconds(300), Duration.FromDays(7)));
    }
}
