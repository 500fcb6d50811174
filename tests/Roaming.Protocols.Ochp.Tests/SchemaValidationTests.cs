using System.Xml.Linq;
using Shouldly;

namespace Roaming.Protocols.Ochp.Tests;

public class SchemaValidationTests
{
    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    [Fact]
    public void an_invalid_cdr_among_valid_ones_is_located_by_its_index()
    {
        var request = new AddCdrsRequest { CdrInfoArray = [OchpSamples.Cdr("DEABC1"), OchpSamples.Cdr("DEABC2"), OchpSamples.Cdr("DEABC3"), OchpSamples.Cdr("DEABC4")] };
        var xml = OchpXml.ToElement(request);
        var fourth = xml.Elements(Ochp + "cdrInfoArray").ElementAt(3);
        fourth.Element(Ochp + "CdrId")!.Value = "deabc-4";                   // lower case and a hyphen: not [0-9A-Z]
        fourth.Element(Ochp + "currency")!.Remove();                         // required

        var problems = OchpSchema.Validate(Reloaded(xml));

        problems.Count.ShouldBe(2);
        problems.ShouldAllBe(p => p.ItemElement == "cdrInfoArray" && p.ItemIndex == 3);
        problems.ShouldContain(p => p.Message.Contains("CdrId") || p.Message.Contains("deabc-4"));
        problems.ShouldAllBe(p => p.Line != null && p.Position != null);
    }

    [Fact]
    public void a_problem_of_the_message_itself_has_no_item()
    {
        var xml = new XElement(Ochp + "AddCDRsRequest");                     // needs at least one cdrInfoArray

        var problem = OchpSchema.Validate(xml).ShouldHaveSingleItem();

        problem.ItemElement.ShouldBeNull();
        problem.ItemIndex.ShouldBeNull();
    }

    [Fact]
    public void an_unknown_message_element_is_a_problem()
    {
        var problem = OchpSchema.Validate(new XElement(XName.Get("AddCDRsRequest", "http://ochp.eu/1.3"))).ShouldHaveSingleItem();

        problem.Message.ShouldContain("not an OCHP 1.4 message element");
    }

    [Fact]
    public void wrong_wrapper_values_dates_and_floats_are_problems_in_their_item()
    {
        var xml = OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [OchpSamples.Tariff(), OchpSamples.Tariff()] });
        var second = xml.Elements(Ochp + "TariffInfoArray").ElementAt(1);
        second.Descendants(Ochp + "BillingItemType").First().Value = "kwh";
        second.Descendants(Ochp + "DateTime").First().Value = "2024-01-01T00:00:00.000Z";
        second.Descendants(Ochp + "itemPrice").First().Value = "0,30";

        var problems = OchpSchema.Validate(xml);

        problems.Count.ShouldBe(3);
        problems.ShouldAllBe(p => p.ItemElement == "TariffInfoArray" && p.ItemIndex == 1);
    }

    [Fact]
    public void a_get_status_response_may_not_mix_the_choice()
    {
        var xml = OchpXml.ToElement(new GetStatusResponse
        {
            Evse = [OchpSamples.EvseStatus("DE*ABC*E1*1", MajorStatus.Available, null)],
            Parking = [new ParkingStatusType { ParkingId = "DE*ABC*P1*1", Status = ParkingStatus.Unknown }],
        });

        OchpSchema.Validate(xml).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task a_body_read_from_an_envelope_is_validated_in_place_with_its_lines()
    {
        var request = new AddCdrsRequest { CdrInfoArray = [OchpSamples.Cdr("DEABC1"), OchpSamples.Cdr("DEABC2")] };
        var body = OchpXml.ToElement(request);
        body.Elements(Ochp + "cdrInfoArray").ElementAt(1).Element(Ochp + "evseId")!.Value = "not-an-evse-id";
        var wire = SoapEnvelope.Request(XElement.Parse(body.ToString()), new UsernameToken("cpo", "pw"));
        var indented = System.Text.Encoding.UTF8.GetBytes(XDocument.Parse(System.Text.Encoding.UTF8.GetString(wire)).ToString());

        var read = await SoapEnvelope.ReadAsync(new MemoryStream(indented), 1 << 20, CancellationToken.None);
        var problem = OchpSchema.Validate(read.Body).ShouldHaveSingleItem();

        problem.ItemElement.ShouldBe("cdrInfoArray");
        problem.ItemIndex.ShouldBe(1);
        problem.Message.ShouldContain("evseId");
        problem.Line.ShouldNotBeNull().ShouldBeGreaterThan(1);
    }

    [Fact]
    public void a_charge_point_open_all_day_every_day_is_valid()
    {
        var chargePoint = OchpSamples.ChargePoint();
        chargePoint.OpeningTimes = new HoursType { TwentyFourSeven = true, ClosedCharging = true };

        var xml = OchpXml.ToElement(new UpdateChargePointListRequest { ChargePointInfoArray = [chargePoint] });

        OchpSchema.Validate(xml).ShouldBeEmpty();
        OchpXml.FromElement<UpdateChargePointListRequest>(xml).ChargePointInfoArray[0].OpeningTimes!.TwentyFourSeven.ShouldBe(true);
    }

    [Fact]
    public void reading_a_value_that_does_not_fit_its_type_throws_invalid_operation()
    {
        var xml = OchpXml.ToElement(new GetCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Accepted) });
        xml.Descendants(Ochp + "CdrStatusType").Single().Value = "owner declined";

        OchpSchema.Validate(xml).ShouldHaveSingleItem();
        Should.Throw<InvalidOperationException>(() => OchpXml.FromElement<GetCdrsRequest>(xml));
    }

    [Theory]
    [InlineData("1.0E-4", "0.0001")]      // Java's Float.toString below 10^-3
    [InlineData("1.25E7", "12500000")]    // and from 10^7 on
    [InlineData("0.30", "0.30")]
    [InlineData(" 7.5 ", "7.5")]
    [InlineData("-2", "-2")]
    public void floats_are_read_as_decimals_also_with_an_exponent(string wire, string expected)
    {
        var xml = OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [OchpSamples.Tariff()] });
        xml.Descendants(Ochp + "itemPrice").First().Value = wire;

        var read = OchpXml.FromElement<UpdateTariffsRequest>(xml);

        read.TariffInfoArray[0].IndividualTariff[0].TariffElement[0].PriceComponent.ItemPrice
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("INF")]
    [InlineData("NaN")]
    [InlineData("0,30")]
    public void a_float_that_is_no_amount_throws_invalid_operation(string wire)
    {
        var xml = OchpXml.ToElement(new UpdateTariffsRequest { TariffInfoArray = [OchpSamples.Tariff()] });
        xml.Descendants(Ochp + "itemPrice").First().Value = wire;

        Should.Throw<InvalidOperationException>(() => OchpXml.FromElement<UpdateTariffsRequest>(xml));
    }

    [FsCheck.Xunit.Property]
    public bool every_amount_survives_the_wire_exactly(decimal billingValue, decimal itemPrice)
    {
        var cdr = OchpSamples.Cdr();
        (cdr.ChargingPeriods[0].BillingValue, cdr.ChargingPeriods[0].ItemPrice) = (billingValue, itemPrice);

        var read = OchpXml.FromElement<AddCdrsRequest>(OchpXml.ToElement(new AddCdrsRequest { CdrInfoArray = [cdr] }));

        var period = read.CdrInfoArray[0].ChargingPeriods[0];
        return period.BillingValue == billingValue && period.ItemPrice == itemPrice;
    }

    private static XElement Reloaded(XElement element) => XElement.Parse(element.ToString(), LoadOptions.SetLineInfo);
}
