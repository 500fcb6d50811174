using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;
using Ocpp16 = Roaming.Ingest.Ocpp.V16.Messages;
using Ocpp201 = Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Tests.Ocpp;

public class MeterValueNormalizerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1234", null, null, 1234, "Wh", "Energy.Active.Import.Register")]
    [InlineData("1.5", Ocpp16.UnitOfMeasure.kWh, null, 1500, "Wh", "Energy.Active.Import.Register")]
    [InlineData("12.345", Ocpp16.UnitOfMeasure.kWh, null, 12345, "Wh", "Energy.Active.Import.Register")]
    [InlineData("236.1", Ocpp16.UnitOfMeasure.Wh, null, 236.1, "Wh", "Energy.Active.Import.Register")]
    [InlineData("7.4", Ocpp16.UnitOfMeasure.kW, Ocpp16.Measurand.PowerActiveImport, 7400, "W", "Power.Active.Import")]
    [InlineData("7400", Ocpp16.UnitOfMeasure.W, Ocpp16.Measurand.PowerActiveImport, 7400, "W", "Power.Active.Import")]
    [InlineData("16.2", Ocpp16.UnitOfMeasure.A, Ocpp16.Measurand.CurrentImport, 16.2, "A", "Current.Import")]
    [InlineData("16.2", null, Ocpp16.Measurand.CurrentImport, 16.2, "A", "Current.Import")] // no unit: not "Wh"
    [InlineData("230", null, Ocpp16.Measurand.Voltage, 230, "V", "Voltage")]
    [InlineData("80", Ocpp16.UnitOfMeasure.Percent, Ocpp16.Measurand.SoC, 80, "Percent", "SoC")]
    [InlineData("21.5", Ocpp16.UnitOfMeasure.Celcius, Ocpp16.Measurand.Temperature, 21.5, "Celsius", "Temperature")]
    [InlineData("2", Ocpp16.UnitOfMeasure.kvarh, Ocpp16.Measurand.EnergyReactiveImportRegister, 2000, "varh", "Energy.Reactive.Import.Register")]
    [InlineData("1e3", null, null, 1000, "Wh", "Energy.Active.Import.Register")]
    [InlineData(" 42 ", null, null, 42, "Wh", "Energy.Active.Import.Register")]
    [InlineData("236,1", null, null, 236.1, "Wh", "Energy.Active.Import.Register")]
    public void V16_values_become_base_units(string value, Ocpp16.UnitOfMeasure? unit, Ocpp16.Measurand? measurand, double expected, string expectedUnit, string expectedMeasurand)
    {
        var sample = MeterValueNormalizer.Normalize(new Ocpp16.SampledValue(value, Unit: unit, Measurand: measurand), At);

        sample.IsValid.ShouldBeTrue(sample.Problem);
        sample.Value.ShouldBe((decimal)expected);
        sample.Unit.ShouldBe(expectedUnit);
        sample.Measurand.ShouldBe(expectedMeasurand);
        sample.Context.ShouldBe("Sample.Periodic");
        sample.Timestamp.ShouldBe(At);
        sample.RawValue.ShouldBe(value);
    }

    [Fact]
    public void V16_keeps_phase_location_and_context_spelt_as_ocpp()
    {
        var meterValue = new Ocpp16.MeterValue(At,
        [
            new("16.1", Ocpp16.ReadingContext.TransactionBegin, Measurand: Ocpp16.Measurand.CurrentImport, Phase: Ocpp16.Phase.L1, Location: Ocpp16.Location.Outlet, Unit: Ocpp16.UnitOfMeasure.A),
            new("16.2", Ocpp16.ReadingContext.TransactionBegin, Measurand: Ocpp16.Measurand.CurrentImport, Phase: Ocpp16.Phase.L2, Unit: Ocpp16.UnitOfMeasure.A),
            new("231", Ocpp16.ReadingContext.SampleClock, Measurand: Ocpp16.Measurand.Voltage, Phase: Ocpp16.Phase.L3N, Location: Ocpp16.Location.Inlet),
        ]);

        var samples = MeterValueNormalizer.Normalize(meterValue);

        samples.Select(s => (s.Phase, s.Location, s.Context, s.Value)).ShouldBe(
        [
            ("L1", "Outlet", "Transaction.Begin", 16.1m),
            ("L2", null, "Transaction.Begin", 16.2m),
            ("L3-N", "Inlet", "Sample.Clock", 231m),
        ]);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("12.5.3")]
    [InlineData("1e400")]
    public void V16_garbage_becomes_a_flagged_sample(string value)
    {
        var sample = MeterValueNormalizer.Normalize(new Ocpp16.SampledValue(value), At);

        sample.IsValid.ShouldBeFalse();
        sample.Problem.ShouldNotBeNull().ShouldContain("not a number");
        sample.Value.ShouldBe(0m);
        sample.RawValue.ShouldBe(value);
        sample.Measurand.ShouldBe("Energy.Active.Import.Register");
    }

    [Fact]
    public void V16_signed_data_is_kept_and_flagged_as_not_numeric()
    {
        const string ocmf = "OCMF|{\"FV\":\"1.0\",\"RD\":[{\"RV\":1.234,\"RU\":\"kWh\"}]}|{\"SD\":\"3045\"}";
        var sample = MeterValueNormalizer.Normalize(new Ocpp16.SampledValue(ocmf, Ocpp16.ReadingContext.TransactionBegin, Ocpp16.ValueFormat.SignedData), At);

        sample.Signed.ShouldBeTrue();
        sample.SignedData.ShouldBe(ocmf);
        sample.IsValid.ShouldBeFalse();
        sample.Context.ShouldBe("Transaction.Begin");
    }

    [Theory]
    [InlineData(1234.5, null, null, 1234.5, "Wh")]
    [InlineData(1.2345, "kWh", null, 1234.5, "Wh")]
    [InlineData(12.345, "Wh", 3, 12345, "Wh")]
    [InlineData(12.345, "kWh", 0, 12345, "Wh")]
    [InlineData(7, "kW", 0, 7000, "W")]
    [InlineData(74, "W", 2, 7400, "W")]
    [InlineData(16200, "A", -3, 16.2, "A")]
    [InlineData(16.2, "A", 0, 16.2, "A")]
    [InlineData(50, "Hz", 0, 50, "Hz")]
    [InlineData(1, "Wh", -2, 0.01, "Wh")]
    [InlineData(3, "kwh", 0, 3000, "Wh")] // sloppy casing
    [InlineData(3, "Ohm", 0, 3, "Ohm")] // unknown unit kept
    public void V201_values_apply_multiplier_and_unit(double value, string? unit, int? multiplier, double expected, string expectedUnit)
    {
        var unitOfMeasure = unit is null && multiplier is null ? null : new Ocpp201.UnitOfMeasureType(unit, multiplier);
        var sample = MeterValueNormalizer.Normalize(new Ocpp201.SampledValueType((decimal)value, UnitOfMeasure: unitOfMeasure), At);

        sample.IsValid.ShouldBeTrue(sample.Problem);
        sample.Value.ShouldBe((decimal)expected);
        sample.Unit.ShouldBe(expectedUnit);
        sample.Signed.ShouldBeFalse();
    }

    [Fact]
    public void V201_phases_measurands_and_signed_meter_values()
    {
        var signed = new Ocpp201.SignedMeterValueType("AAECAw==", "ECDSA-secp256r1-SHA256", "OCMF", "pubkey");
        var meterValue = new Ocpp201.MeterValueType(
        [
            new(12.345m, Ocpp201.ReadingContextEnumType.TransactionEnd, Ocpp201.MeasurandEnumType.EnergyActiveImportRegister,
                Location: Ocpp201.LocationEnumType.Outlet, SignedMeterValue: signed, UnitOfMeasure: new("kWh")),
            new(230.1m, Measurand: Ocpp201.MeasurandEnumType.Voltage, Phase: Ocpp201.PhaseEnumType.L1N),
            new(11m, Measurand: Ocpp201.MeasurandEnumType.PowerActiveImport, UnitOfMeasure: new("kW")),
        ], At);

        var samples = MeterValueNormalizer.Normalize([meterValue]);

        samples.Count.ShouldBe(3);
        samples[0].ShouldBe(new NormalizedSample(At, "Energy.Active.Import.Register", null, "Transaction.End", "Outlet", 12345m, "Wh", true, "AAECAw==") { RawValue = "12.345" });
        samples[1].ShouldBe(new NormalizedSample(At, "Voltage", "L1-N", "Sample.Periodic", null, 230.1m, "V", false, null) { RawValue = "230.1" });
        samples[2].Value.ShouldBe(11000m);
        samples[2].Unit.ShouldBe("W");
    }

    [Theory]
    [InlineData(29)]
    [InlineData(-40)]
    public void V201_absurd_multiplier_is_flagged(int multiplier)
    {
        var sample = MeterValueNormalizer.Normalize(new Ocpp201.SampledValueType(5m, UnitOfMeasure: new("Wh", multiplier)), At);

        sample.IsValid.ShouldBeFalse();
        sample.Problem.ShouldNotBeNull().ShouldContain("multiplier");
    }

    [Fact]
    public void V201_overflow_is_flagged_not_thrown()
    {
        var sample = MeterValueNormalizer.Normalize(new Ocpp201.SampledValueType(decimal.MaxValue / 10, UnitOfMeasure: new("kWh", 3)), At);

        sample.IsValid.ShouldBeFalse();
        sample.Problem.ShouldNotBeNull().ShouldContain("out of range");
    }

    [Fact]
    public void Null_lists_give_no_samples()
    {
        MeterValueNormalizer.Normalize((IEnumerable<Ocpp16.MeterValue>?)null).ShouldBeEmpty();
        MeterValueNormalizer.Normalize((IEnumerable<Ocpp201.MeterValueType>?)null).ShouldBeEmpty();
    }
}
