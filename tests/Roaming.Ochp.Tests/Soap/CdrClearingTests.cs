using System.Xml.Linq;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Shouldly;
using Snapshooter;
using Snapshooter.Xunit;
using static Roaming.Ochp.Tests.Soap.Parties;

namespace Roaming.Ochp.Tests.Soap;

/// <summary>CDRs through the real clearing workflow: upload, plausibility, GetCDRs, ConfirmCDRs, CheckCDRs, revised and rejected re-uploads.</summary>
public sealed class CdrClearingTests : IAsyncLifetime
{
    private OchpHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await OchpHost.Start("ochp_cdrs");
        await Register(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static CdrInfo Cdr(string cdrId, string evseId = "DE*ABC*E1234567*1", string contractId = "DE-8AA-CA2B3C4D5-L", CdrStatus status = CdrStatus.New)
    {
        var cdr = OchpSamples.Cdr(cdrId, evseId);
        cdr.ContractId = contractId;
        cdr.Status = CdrStatusType.Of(status);
        return cdr;
    }

    /// <summary>The CDRs of a GetCDRs or CheckCDRs response: id and status (the response is checked against the XSD first).</summary>
    private static IReadOnlyList<(string Id, string Status)> Listed(OchpReply reply)
    {
        reply.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        XNamespace ochp = OchpNamespaces.Ochp;
        return reply.Items("cdrInfoArray").Select(c => (c.Element(ochp + "CdrId")!.Value, c.Element(ochp + "status")!.Value)).ToList();
    }

    [Fact]
    public async Task GoodAndBadCdrs_OnlyTheGoodReachTheirProvider_WhoDeclinesOne_TheOperatorRevisesOneAndRejectsTheOther()
    {
        var badDuration = Cdr("DEABC0004");
        badDuration.Duration = "1:30";
        var upload = await _host.As("cpo-a", new AddCdrsRequest
        {
            CdrInfoArray =
            [
                Cdr("DEABC0001"), Cdr("DEABC0002"),
                Cdr("DEABC0003", evseId: "DE*XYZ*E1"),                      // not cpo-a's EVSE
                badDuration,                                                 // breaks the XSD
                Cdr("DEABC0005", contractId: "NL-TNM-000122045-U"),         // emsp-b is not connected to DE*ABC
            ],
        });
        upload.ShouldBeSchemaValid().ResultCode.ShouldBe("partly");
        upload.As<AddCdrsResponse>().ImplausibleCdrsArray.ShouldBe(["DEABC0003", "DEABC0004", "DEABC0005"]);
        upload.ResultDescription.ShouldContain("operator-owns-evse");
        upload.ResultDescription.ShouldContain("schema-valid", customMessage: upload.ResultDescription);
        upload.ResultDescription.ShouldContain("not-connected");

        var forEmspA = await _host.As("emsp-a", new GetCdrsRequest());
        Listed(forEmspA).ShouldBe([("DEABC0001", "accepted"), ("DEABC0002", "accepted")]);
        var sent = forEmspA.As<GetCdrsResponse>().CdrInfoArray[0];
        sent.TotalCost.ShouldBe(8.55m);
        sent.ChargingPeriods.Count.ShouldBe(2);
        (await _host.As("emsp-b", new GetCdrsRequest())).As<GetCdrsResponse>().CdrInfoArray.ShouldBeEmpty();

        var confirm = await _host.As("emsp-a", new ConfirmCdrsRequest
        {
            Declined =
            [
                new CdrConfirmation { CdrId = "DEABC0001", EvseId = "DE*ABC*E1234567*1" },
                new CdrConfirmation { CdrId = "DEABC0002", EvseId = "DE*ABC*E1234567*1" },
            ],
        });
        confirm.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        Listed(await _host.As("emsp-a", new GetCdrsRequest())).ShouldBeEmpty();
        Listed(await _host.As("cpo-a", new CheckCdrsRequest())).ShouldBe([("DEABC0001", "declined"), ("DEABC0002", "declined")]);

        var reUpload = await _host.As("cpo-a", new AddCdrsRequest
        {
            CdrInfoArray = [Cdr("DEABC0001", status: CdrStatus.Revised), Cdr("DEABC0002", status: CdrStatus.Rejected)],
        });
        reUpload.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        Listed(await _host.As("emsp-a", new GetCdrsRequest())).ShouldBe([("DEABC0001", "revised")]);

        // emsp-b may not confirm emsp-a's CDR; emsp-a approves it, and a CDR nobody knows is not applied.
        (await _host.As("emsp-b", new ConfirmCdrsRequest { Approved = [new CdrConfirmation { CdrId = "DEABC0001", EvseId = "DE*ABC*E1234567*1" }] }))
            .ShouldBeSchemaValid().ResultCode.ShouldBe("invalid-id");
        var approve = await _host.As("emsp-a", new ConfirmCdrsRequest
        {
            Approved =
            [
                new CdrConfirmation { CdrId = "DEABC0001", EvseId = "DE*ABC*E1234567*1" },
                new CdrConfirmation { CdrId = "DEABC9999", EvseId = "DE*ABC*E1234567*1" },
            ],
        });
        approve.ShouldBeSchemaValid().ResultCode.ShouldBe("partly");
        approve.ResultDescription.ShouldContain("DEABC9999");

        Listed(await _host.As("cpo-a", new CheckCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Approved) })).ShouldBe([("DEABC0001", "approved")]);
        Listed(await _host.As("emsp-a", new GetCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Rejected) })).ShouldBe([("DEABC0002", "rejected")]);
        Listed(await _host.As("cpo-b", new CheckCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Approved) })).ShouldBeEmpty();
    }

    [Fact]
    public async Task CdrsAtNobodysOwnEvse_AreInvalidId_AndWithoutAnyConnectionRoaming_NeitherReachesClearing()
    {
        var foreign = await _host.As("cpo-b", new AddCdrsRequest { CdrInfoArray = [Cdr("DEXYZ0001", evseId: "DE*ABC*E1")] });
        foreign.ShouldBeSchemaValid().ResultCode.ShouldBe("invalid-id");
        foreign.As<AddCdrsResponse>().ImplausibleCdrsArray.ShouldBe(["DEXYZ0001"]);

        var lonely = await _host.As("lonely", new AddCdrsRequest { CdrInfoArray = [Cdr("DELON0001", evseId: "DE*LON*E1")] });
        lonely.ShouldBeSchemaValid().ResultCode.ShouldBe("roaming");
        (await _host.As("lonely", new GetCdrsRequest())).ResultCode.ShouldBe("roaming");
        Listed(await _host.As("cpo-b", new CheckCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Declined) })).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheResponseEnvelopes_MatchTheSnapshots()
    {
        var upload = await _host.As("cpo-a", new AddCdrsRequest { CdrInfoArray = [Cdr("DEABC0101"), Cdr("DEABC0102", evseId: "DE*XYZ*E1")] });
        Snapshot.Match(upload.Envelope, SnapshotNameExtension.Create("AddCDRs-partly"));
        var getCdrs = await _host.As("emsp-a", new GetCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Accepted) });
        Snapshot.Match(Only(getCdrs, "DEABC0101"), SnapshotNameExtension.Create("GetCDRs"));
        var refused = await _host.Call(new GetCdrsRequest(), "emsp-a", "wrong-password-000");
        Snapshot.Match(refused.Envelope, SnapshotNameExtension.Create("not-authorized"));
    }

    /// <summary>The envelope with only the CDR <paramref name="cdrId"/> (other tests of this class add their own).</summary>
    private static string Only(OchpReply reply, string cdrId)
    {
        var envelope = XDocument.Parse(reply.Envelope);
        foreach (var cdr in envelope.Descendants(XName.Get("cdrInfoArray", OchpNamespaces.Ochp)).ToList())
        {
            if (cdr.Element(XName.Get("CdrId", OchpNamespaces.Ochp))!.Value != cdrId)
                cdr.Remove();
        }
        return envelope.ToString();
    }
}
