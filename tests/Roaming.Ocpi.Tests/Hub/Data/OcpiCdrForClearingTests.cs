using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Ocpi.Hub.Cdrs;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub.Data;

public class OcpiCdrForClearingTests
{
    private static Cdr Read(string json) => System.Text.Json.JsonSerializer.Deserialize<Cdr>(json, OcpiJson.Options)!;

    [Fact]
    public void the_spec_example_becomes_the_clearing_facts_with_its_document_as_received()
    {
        var json = SpecExamples.Read("cdr_example.json");
        var mapped = OcpiCdrForClearing.Map(Read(json), json);

        (mapped.CdrId, mapped.EvseId, mapped.ContractId, mapped.Status, mapped.Currency, mapped.TotalCost)
            .ShouldBe(("BEBEC12345", "BE*BEC*E041503003", "DE8ACC12E46L89", "new", "EUR", 4.00m));
        mapped.Start.ShouldBe(Instant.FromUtc(2015, 6, 29, 21, 39, 9).WithOffset(Offset.Zero));
        mapped.End.ShouldBe(Instant.FromUtc(2015, 6, 29, 23, 37, 32).WithOffset(Offset.Zero));
        mapped.Periods.Select(p => (p.BillingItem, p.BillingValue, p.ItemPrice, p.PeriodCost)).ShouldBe([("usagetime", 1.973m, 2.00m, 3.946m)]);
        mapped.Periods[0].Start.ShouldBe(mapped.Start!.Value);
        mapped.Periods[0].End.ShouldBe(mapped.End!.Value);
        (mapped.Protocol, mapped.Document, mapped.SchemaProblem).ShouldBe(("ocpi-2.2.1", json, null));
    }

    [Theory]
    [InlineData("ENERGY", "energy")]
    [InlineData("TIME", "usagetime")]
    [InlineData("PARKING_TIME", "parkingtime")]
    [InlineData("RESERVATION_TIME", "reservationtime")]
    [InlineData("MAX_POWER", null)]
    [InlineData("CURRENT", null)]
    public void dimensions_become_billing_items(string dimension, string? item)
    {
        var type = System.Text.Json.JsonSerializer.Deserialize<OcpiEnum<CdrDimensionType>>($"\"{dimension}\"", OcpiJson.Options);
        type!.TryGetValue(out var value).ShouldBeTrue();
        (OcpiCdrForClearing.BillingItemOf(value)?.Item).ShouldBe(item);
    }

    [Fact]
    public void a_period_without_a_tariff_has_no_stated_cost()
    {
        var json = SpecExamples.ReadObject("cdr_example.json");
        json.Remove("tariffs");
        var mapped = OcpiCdrForClearing.Map(Read(json.ToJsonString()), json.ToJsonString());
        mapped.Periods.Select(p => (p.ItemPrice, p.PeriodCost)).ShouldBe([(0m, (decimal?)null)]);
    }

    [Property(MaxTest = 200)]
    public Property the_clearing_cdr_id_starts_with_the_operator_fits_and_is_the_same_every_time(NonNull<string> id)
    {
        var json = SpecExamples.ReadObject("cdr_example.json");
        json["id"] = id.Get;
        var cdr = Read(json.ToJsonString());
        var cdrId = ClearingCdrId.Of(cdr);
        return (cdrId.StartsWith("BEBEC", StringComparison.Ordinal) && cdrId.Length <= 36 && cdrId.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))
                && cdrId == ClearingCdrId.Of(Read(json.ToJsonString()))).ToProperty();
    }
}
