using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Protocols.Ocpi.Pricing;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>
/// Hours from seconds and time amounts per hour go through <see cref="IntegerDivision"/> instead of decimal division; the
/// CDR's TIME/PARKING_TIME volumes and time costs must not change by a digit or a scale.
/// </summary>
public class IntegerDivisionProperties
{
    /// <summary>Durations and amounts as pricing makes them (seconds with up to 9 decimals, price × seconds), and any decimal.</summary>
    private static readonly Gen<decimal> Dividends = Gen.Frequency(
        (4, from mantissa in Gen.Choose(0, int.MaxValue)
            from scale in Gen.Choose(0, 9)
            select new decimal(mantissa, 0, 0, false, (byte)scale)),
        (3, from seconds in Gen.Choose(0, 200_000)
            from cents in Gen.Choose(0, 1000)
            select seconds * (cents / 100m)),
        (2, from low in Gen.Choose(int.MinValue, int.MaxValue)
            from middle in Gen.Choose(int.MinValue, int.MaxValue)
            from high in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
            from negative in Gen.Elements(false, false, true)
            from scale in Gen.Choose(0, 28)
            select new decimal(low, middle, high, negative, (byte)scale)),
        (1, Gen.Elements(0m, 0.000m, 1800m, 3600m, 7200.00m, 60m, 1m / 3m, 5400.5m, 28800m, 29000m)));

    private static readonly Gen<uint> Divisors = Gen.Frequency(
        (4, Gen.Constant(3600u)),
        (1, Gen.Elements(1u, 3u, 7u, 60u, 1000u, 86400u, uint.MaxValue)),
        (1, Gen.Choose(1, int.MaxValue).Select(d => (uint)d)));

    [Property(MaxTest = 30000)]
    public Property is_decimal_division_bit_for_bit() =>
        Prop.ForAll((from value in Dividends from divisor in Divisors select (value, divisor)).ToArbitrary(), pair =>
        {
            var expected = pair.value / pair.divisor;
            var actual = pair.divisor == 3600 ? IntegerDivision.DivideBy3600(pair.value) : IntegerDivision.Divide(pair.value, pair.divisor);
            return decimal.GetBits(expected).SequenceEqual(decimal.GetBits(actual)).Label($"{pair.value} / {pair.divisor}: {expected} vs {actual}");
        });

    [Property(MaxTest = 5000)]
    public Property ends_in_zero_exactly_when_a_multiple_of_ten() =>
        Prop.ForAll((from high in Gen.Choose(int.MinValue, int.MaxValue) from low in Gen.Choose(int.MinValue, int.MaxValue)
                     from times in Gen.Choose(1, 1000) select ((UInt128)(uint)high << 70) + (ulong)(uint)low * (ulong)times).ToArbitrary(), value =>
            (IntegerDivision.IsMultipleOfTen(value) == (value % 10 == 0)).Label(value.ToString()));

    [Theory]
    [InlineData("60", "0.0166666666666666666666666667")]
    [InlineData("1800", "0.5")]
    [InlineData("7200.00", "2.00")]
    [InlineData("5400", "1.5")]
    [InlineData("0", "0")]
    public void gives_the_digits_and_scale_of_decimal_division_by_3600(string seconds, string hours) =>
        Assert.Equal(hours, IntegerDivision.DivideBy3600(decimal.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
            .ToString(System.Globalization.CultureInfo.InvariantCulture));
}
