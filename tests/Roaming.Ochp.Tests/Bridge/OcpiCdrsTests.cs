using System.Text.Json.Nodes;
using System.Xml.Linq;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Tests.Soap;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Bridge.Tests;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Testing;
using Shouldly;
using static Roaming.Ochp.Tests.Soap.Parties;

namespace Roaming.Ochp.Tests.Bridge;

/// <summary>
/// A CDR an OCPI CPO pushed to the hub (the hub submits it to clearing as <c>ocpi-2.2.1</c> with the OCPI JSON) reaches an
/// OCHP e-MSP's GetCDRs in its OCHP form, and the e-MSP's ConfirmCDRs decides it as any other: driven by zeep.
/// </summary>
public sealed class OcpiCdrsTests : IAsyncLifetime
{
    private const string OcpiCpo = "ocpi-cpo";
    private const string OcpiEvse = "NL*OCP*E0001";
    private OchpHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await OchpHost.Start("ochp_bridge_cdrs");
        await Register(_host);
        await _host.Participant(OcpiCpo, ["NL*OCP"], [], OcpiCpo, Password);
        await _host.Connect("NL*OCP", "DE*8AA");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The OCPI CPO's CDR for emsp-a's contract: 7.5 kWh, 2.75 EUR excl. VAT.</summary>
    private static Cdr OcpiCdr(string id, string connector = "IEC_62196_T2") => CpoSamples.Cdr(id, OcpiEvse, EmspAContract, connector, "NLD") with
    {
        CountryCode = "NL", PartyId = "OCP",
    };

    private async Task<CdrSubmissionOutcome> Submit(Cdr cdr, CdrForClearing? facts = null)
    {
        var json = OcpiJson.Serialize(cdr);
        facts ??= CdrClearingFacts.OfOcpi(cdr, json).Value!;
        var submitted = await _host.Request<SubmitCdrs, CdrsSubmitted>(new SubmitCdrs(OcpiCpo, "ocpi:partner-1", [facts], SystemClock.Instance.GetCurrentInstant()));
        return submitted.Outcomes.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_OCPI_CPOs_CDR_is_read_by_the_OCHP_emsp_in_its_OCHP_form_and_confirmed_by_it()
    {
        (await Submit(OcpiCdr("CDR0001"))).Outcome.ShouldBe(CdrSubmissionOutcomes.Accepted);
        (await Submit(OcpiCdr("cdr-0002"))).Outcome.ShouldBe(CdrSubmissionOutcomes.Accepted);
        var hashed = ClearingCdrId.Of(Contracts.Identifiers.OperatorId.Parse("NL*OCP"), "cdr-0002");

        var results = await ZeepPeer.Run(_host.Url + "/service/ochp/v1.4?wsdl", [
            Step("for-emsp-a", "emsp-a", new GetCdrsRequest()),
            Step("for-emsp-b", "emsp-b", new GetCdrsRequest()),
            Step("approve", "emsp-a", new ConfirmCdrsRequest
            {
                Approved = [new CdrConfirmation { CdrId = "NLOCPCDR0001", EvseId = OcpiEvse }],
                Declined = [new CdrConfirmation { CdrId = hashed, EvseId = OcpiEvse }],
            }),
            Step("approved", "emsp-a", new GetCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Approved) }),
        ]);

        foreach (var (name, result) in results)
            result!["error"].ShouldBeNull($"zeep could not run step {name}: {result["error"]}");
        var cdrs = (results["for-emsp-a"]!["response"]!["cdrInfoArray"] as JsonArray)!;
        cdrs.Select(c => $"{c!["CdrId"]} {c["status"]!["CdrStatusType"]}").ShouldBe(["NLOCPCDR0001 accepted", $"{hashed} accepted"]);
        var first = cdrs[0]!;
        (first["evseId"]!.GetValue<string>(), first["contractId"]!.GetValue<string>(), first["currency"]!.GetValue<string>()).ShouldBe((OcpiEvse, EmspAContract, "EUR"));
        first["totalCost"]!.GetValue<decimal>().ShouldBe(2.75m);
        first["startDateTime"]!["LocalDateTime"]!.GetValue<string>().ShouldBe("2026-01-15T09:00:00+00:00");
        (results["for-emsp-b"]!["response"]!["cdrInfoArray"] as JsonArray ?? []).ShouldBeEmpty();
        ZeepPeer.ResultCode(results, "approve").ShouldBe("ok");
        (results["approved"]!["response"]!["cdrInfoArray"] as JsonArray)!.Select(c => c!["CdrId"]!.GetValue<string>()).ShouldBe(["NLOCPCDR0001"]);

        // what the OCPI CPO sees of its CDRs through the clearing workflow (the operator API reads the same)
        var mine = await _host.Request<FindCdrs, CdrsFound>(new FindCdrs(OcpiCpo, CdrRoles.Operator, ["approved", "declined"]));
        mine.Cdrs.Select(c => (c.Cdr.CdrId, c.Status)).OrderBy(c => c.Status).ShouldBe([("NLOCPCDR0001", "approved"), (hashed, "declined")]);
    }

    [Fact]
    public async Task A_CDR_with_no_OCHP_form_is_named_in_the_answer_and_the_log_never_left_out_silently()
    {
        // A CHAOJI connector has no OCHP standard; the hub submitted it anyway (its facts are those of a mappable twin).
        var twin = CdrClearingFacts.OfOcpi(OcpiCdr("CDR0009"), "{}").Value!;
        var chaoji = OcpiCdr("CDR0009", connector: "CHAOJI");
        (await Submit(chaoji, twin with { Document = OcpiJson.Serialize(chaoji) })).Outcome.ShouldBe(CdrSubmissionOutcomes.Accepted);

        var reply = await _host.As("emsp-a", new GetCdrsRequest());

        reply.ResultCode.ShouldBe("ok");
        reply.Items("cdrInfoArray").ShouldBeEmpty();
        reply.ResultDescription.ShouldContain("CDR NLOCPCDR0009 (ocpi-2.2.1) has no OCHP form");
        reply.ResultDescription.ShouldContain("CHAOJI");
        _host.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Error, "NLOCPCDR0009").ShouldBeTrue();
    }

    private static ZeepPeer.Step Step(string name, string user, object request) =>
        new(name, user, Password, OchpOperations.All.Single(o => o.RequestType == request.GetType()).Name,
            OchpXml.ToElement(request).ToString(SaveOptions.DisableFormatting));
}
