using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Protocols.Ocpi.Pricing;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>
/// Kilowatt-hours from watt-hours, VAT from percent and volumes per CDR unit go through <see cref="PowerOfTenDivision"/>
/// instead of decimal division; the CDR and its explanation must not change by a digit or a scale.
/// </summary>
public class PowerOfTenDivisionProperties
{
    private static readonly decimal[] PowersOfTen = [1m, 10m, 100m, 1000m];

    /// <summary>Any mantissa (small, with trailing zeros, up to 96 bits), any scale 0-28, either sign, zero included.</summary>
    private static readonly Gen<decimal> Decimals =
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        from middle in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from high in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from zeros in Gen.Choose(0, 4)
        from negative in Gen.Elements(false, true)
        from scale in Gen.Choose(0, 28)
        select WithTrailingZeros(new decimal(low, middle, high, negative, (byte)scale), zeros);

    private static decimal WithTrailingZeros(decimal value, int zeros)
    {
        for (var i = 0; i < zeros && value.Scale < 28 && Math.Abs(value) < 7.9e27m; i++)
            value *= 1.0m; // multiplying adds the scales: one more trailing zero
        return value;
    }

    [Property(MaxTest = 20000)]
    public Property is_decimal_division_bit_for_bit() =>
        Prop.ForAll((from value in Decimals from exponent in Gen.Choose(0, 3) select (value, exponent)).ToArbitrary(), pair =>
        {
            var expected = decimal.GetBits(pair.value / PowersOfTen[pair.exponent]);
            var actual = decimal.GetBits(PowerOfTenDivision.Divide(pair.value, pair.exponent));
            return expected.SequenceEqual(actual).Label($"{pair.value} / 10^{pair.exponent}: {pair.value / PowersOfTen[pair.exponent]} vs {PowerOfTenDivision.Divide(pair.value, pair.exponent)}");
        });

    [Theory]
    [InlineData("1.00", 2, "0.01")]
    [InlineData("12.3400", 2, "0.1234")]
    [InlineData("7", 2, "0.07")]
    [InlineData("5.00", 0, "5.00")]
    [InlineData("2.50", 2, "0.025")]
    [InlineData("100", 2, "1")]
    [InlineData("206.5", 3, "0.2065")]
    [InlineData("0.000", 2, "0.000")]
    [InlineData("1.2345678901234567890123456789", 2, "0.0123456789012345678901234568")]
    public void keeps_the_digits_and_scale_of_decimal_division(string value, int exponent, string expected) =>
        Assert.Equal(expected, PowerOfTenDivision.Divide(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), exponent)
            .ToString(System.Globalization.CultureInfo.InvariantCulture));
}
