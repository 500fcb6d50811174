using System.Xml.Linq;
using NodaTime;
using Roaming.Ochp.Authorisations;
using Roaming.Ochp.ChargePoints;
using Roaming.Ochp.LiveStatus;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Tariffs;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Shouldly;

namespace Roaming.Ochp.Tests.Decisions;

public class VisibilityTests
{
    private static readonly Instant Now = Instant.FromUtc(2024, 6, 1, 12, 0);

    private static OchpCaller Caller(string[] operators, string[] providers, params (string Operator, string Provider, bool Active)[] connections) =>
        new("p", "user", operators.ToHashSet(), providers.ToHashSet(),
            connections.Select(c => new OchpConnection(OchpConnection.IdOf(c.Operator, c.Provider), c.Operator, c.Provider, c.Active, Now)).ToList());

    [Fact]
    public void AnOperatorSeesTheProvidersConnectedToItsOwnOperatorIds_AndAProviderTheOperatorsConnectedToItsProviderIds()
    {
        var both = Caller(["DE*ABC"], ["DE*8AA"],
            ("DE*ABC", "NL*TNM", true), ("DE*ABC", "FR*EMP", false), ("DE*XYZ", "DE*8AA", true), ("DE*XYZ", "NL*TNM", true));

        both.ConnectedProviders.ShouldBe(["NL*TNM"], ignoreOrder: true);
        both.ConnectedOperators.ShouldBe(["DE*XYZ"], ignoreOrder: true);
        both.HasConnection.ShouldBeTrue();
        Caller(["DE*ABC"], [], ("DE*ABC", "NL*TNM", false)).HasConnection.ShouldBeFalse();
    }

    [Theory]
    [InlineData("DE*8AA", true)]
    [InlineData("NL*TNM", false)]
    public void AToken_IsAcceptedOnlyForTheCallersOwnProviderIds(string callerProvider, bool accepted)
    {
        var token = OchpXml.ToElement(new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [OchpSamples.Token()] })
            .Elements().Single();
        var verdict = UploadingRoamingAuthorisations.Judge(Caller([], [callerProvider]), token, Now);
        (verdict.Entry is not null).ShouldBe(accepted);
        verdict.ForeignId.ShouldBe(!accepted);
        if (accepted)
            verdict.Entry!.Owner.ShouldBe("DE*8AA");
    }

    [Fact]
    public void ARemoteToken_IsNeverInAnAuthorisationList()
    {
        var info = OchpSamples.Token();
        info.EmtId.TokenType = TokenType.Remote;
        var token = OchpXml.ToElement(new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [info] }).Elements().Single();
        var verdict = UploadingRoamingAuthorisations.Judge(Caller([], ["DE*8AA"]), token, Now);
        verdict.Entry.ShouldBeNull();
        verdict.Reason!.ShouldContain("remote");
    }

    [Fact]
    public void AnEmtIdKey_IgnoresTheCaseOfTheUid_ButNotTheTokenType()
    {
        XNamespace ns = OchpNamespaces.Ochp;
        XElement Emt(string instance, string type) => new(ns + "emtId", new XElement(ns + "instance", instance), new XElement(ns + "tokenType", type));
        EmtIdKeys.Of(Emt("04a2b3", "rfid")).ShouldBe(EmtIdKeys.Of(Emt("04A2B3", "rfid")));
        EmtIdKeys.Of(Emt("04A2B3", "rfid")).ShouldNotBe(EmtIdKeys.Of(Emt("04A2B3", "15118")));
    }

    [Theory]
    [InlineData("DE*ABC*E1234567*1", "DEABCE12345671")]
    [InlineData("de*abc*e1234567", "DEABCE1234567")]
    [InlineData("DE*XYZ*E1", null)]
    public void AnEvse_IsAcceptedOnlyFromItsOwnOperator_KeyedWithoutSeparators(string evseId, string? key)
    {
        var item = new XElement("x");
        var verdict = UploadingChargePoints.JudgeEvse(Caller(["DE*ABC"], []), item, evseId,
            evse => new Datasets.ReceivedEntry(evse.Normalised, evse.OperatorId.ToString(), "<x/>", Now));
        verdict.Entry?.Key.ShouldBe(key);
        verdict.ForeignId.ShouldBe(key is null);
    }

    [Theory]
    [InlineData("DE*ABC*T1", "DE*ABC", true)]
    [InlineData("DEABCT1", "DE*ABC", true)]
    [InlineData("DE*XYZ*T1", "DE*ABC", false)]
    public void ATariff_BelongsToTheOperatorItsIdStartsWith(string tariffId, string callerOperator, bool accepted)
    {
        var tariff = OchpSamples.Tariff();
        tariff.TariffId = tariffId;
        var element = OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [tariff] }).Elements().Single();
        var verdict = UpdatingTariffs.Judge(Caller([callerOperator], []), element, Now);
        (verdict.Entry is not null).ShouldBe(accepted);
        verdict.ForeignId.ShouldBe(!accepted);
    }

    [Theory]
    [InlineData(new[] { "DE8AA" }, new[] { "DE8AA" }, true)]
    [InlineData(new string[0], new[] { "DE8AA" }, true)]
    [InlineData(new[] { "NLTNM" }, new[] { "DE8AA" }, false)]
    [InlineData(new[] { "DE*8AA" }, new[] { "DE8AA" }, true)]
    public void ATariff_IsSeenByItsRecipients_OrByEveryoneWhenItNamesNone(string[] recipients, string[] callerProviders, bool seen)
    {
        var tariff = OchpSamples.Tariff();
        tariff.IndividualTariff[0].Recipient = recipients.ToList();
        var element = OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [tariff] }).Elements().Single();
        (GettingTariffUpdates.AsSeenBy(element, callerProviders.ToHashSet()) is not null).ShouldBe(seen);
    }

    [Fact]
    public void ATariffSeenByOneProvider_LosesTheIndividualTariffsMeantForOthers()
    {
        var tariff = OchpSamples.Tariff();
        var forOthers = OchpSamples.Tariff().IndividualTariff[0];
        forOthers.Recipient = ["NLTNM"];
        tariff.IndividualTariff[0].Recipient = [];
        tariff.IndividualTariff.Add(forOthers);
        var element = OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [tariff] }).Elements().Single();

        var seen = GettingTariffUpdates.AsSeenBy(element, new HashSet<string> { "DE8AA" })!;

        seen.Elements(XName.Get("individualTariff", OchpNamespaces.Ochp)).Count().ShouldBe(1);
        seen.ToString().ShouldNotContain("NLTNM");
    }

    [Fact]
    public void AStatus_LivesUntilItsOwnTtl_ElseTheRequests_ElseTheDefault()
    {
        var own = Now + Duration.FromMinutes(5);
        var request = Now + Duration.FromMinutes(10);
        UpdatingStatus.ExpiresAt(own, request, Now, Duration.FromMinutes(15)).ShouldBe(own);
        UpdatingStatus.ExpiresAt(null, request, Now, Duration.FromMinutes(15)).ShouldBe(request);
        UpdatingStatus.ExpiresAt(null, null, Now, Duration.FromMinutes(15)).ShouldBe(Now + Duration.FromMinutes(15));
    }

    [Fact]
    public void AnExpiredStatus_ReadsAsUnknownWithoutMinor_ALiveOneAsReceivedWithItsExpiry()
    {
        var received = OchpXml.ToElement(new UpdateStatusRequest
        {
            Evse = [new EvseStatusType { EvseId = "DE*ABC*E1234567*1", Major = MajorStatus.NotAvailable, MinorStatus = MinorStatus.Charging }],
        }).Elements().First();
        var expiry = Now + Duration.FromMinutes(1);

        var live = GettingStatus.AsOf(received, expiry, Now, "evse");
        live.Attribute("major")!.Value.ShouldBe("not-available");
        live.Attribute("minor")!.Value.ShouldBe("charging");
        live.Attribute("ttl")!.Value.ShouldBe("2024-06-01T12:01:00Z");

        var expired = GettingStatus.AsOf(received, expiry, expiry, "evse");
        expired.Attribute("major")!.Value.ShouldBe("unknown");
        expired.Attribute("minor").ShouldBeNull();
        expired.Value.ShouldBe("DE*ABC*E1234567*1");
        OchpSchema.Validate(new XElement(XName.Get("GetStatusResponse", OchpNamespaces.Ochp), live, expired)).ShouldBeEmpty();
    }
}
