using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp;

public class OcppSubprotocolTests
{
    [Theory]
    [InlineData(new[] { "ocpp2.0.1" }, "ocpp2.0.1")]
    [InlineData(new[] { "ocpp1.6" }, "ocpp1.6")]
    [InlineData(new[] { ",ocpp2.0.1" }, "ocpp2.0.1")] // KEBA firmware (OCPP.Core#91)
    [InlineData(new[] { "ocpp1.6, ocpp2.0.1" }, "ocpp2.0.1")] // server preference wins over client order
    [InlineData(new[] { "ocpp1.6", "ocpp2.0.1" }, "ocpp2.0.1")]
    [InlineData(new[] { "ocpp2.0", "ocpp1.6" }, "ocpp1.6")]
    [InlineData(new[] { " ocpp1.6 ", "" }, "ocpp1.6")]
    [InlineData(new[] { "OCPP1.6" }, "OCPP1.6")] // echoed as the client spelt it
    [InlineData(new[] { "ocpp2.1,ocpp2.0.1,ocpp1.6" }, "ocpp2.0.1")]
    [InlineData(new[] { "ocpp1.5" }, null)]
    [InlineData(new[] { "ocpp1.6j" }, null)]
    [InlineData(new[] { "ocpp2.0" }, null)]
    [InlineData(new[] { ",", " ", "" }, null)]
    [InlineData(new string[0], null)]
    public void Negotiate_picks_the_servers_preferred_token_the_client_offered(string[] requested, string? expected) =>
        OcppSubprotocol.Negotiate(requested).ShouldBe(expected);

    [Fact]
    public void Negotiate_without_header_returns_null() => OcppSubprotocol.Negotiate(null).ShouldBeNull();

    [Theory]
    [InlineData("ocpp1.6", OcppVersion.V16)]
    [InlineData("OCPP1.6", OcppVersion.V16)]
    [InlineData("ocpp2.0.1", OcppVersion.V201)]
    public void ToVersion_maps_negotiated_tokens(string token, OcppVersion version) =>
        OcppSubprotocol.ToVersion(token).ShouldBe(version);

    [Fact]
    public void ToVersion_rejects_other_tokens() =>
        Should.Throw<ArgumentOutOfRangeException>(() => OcppSubprotocol.ToVersion("ocpp1.5"));

    [Fact]
    public void Versions_map_back_to_canonical_tokens()
    {
        OcppVersion.V16.ToSubprotocol().ShouldBe("ocpp1.6");
        OcppVersion.V201.ToSubprotocol().ShouldBe("ocpp2.0.1");
    }
}
