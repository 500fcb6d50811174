using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Protocols.Ocpi.Pricing;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>
/// The slicer compares and sums meter values (energies, powers, currents, kWh thresholds) with <see cref="ExactDecimal"/>
/// and <see cref="ExactDecimalSum"/> instead of decimal arithmetic; every comparison and every sum must be what decimal
/// arithmetic gives, digit for digit and scale, or a CDR would change.
/// </summary>
public class ExactDecimalProperties
{
    /// <summary>
    /// Meter-like values (a few digits at scale 0-6, trailing zeros, zeros of every scale) mixed with values the integer path
    /// must hand back to decimal arithmetic: 28 significant digits, 96-bit mantissas, negative numbers and negative zero.
    /// </summary>
    private static readonly Gen<decimal> Decimals = Gen.Frequency(
        (6, from mantissa in Gen.Choose(0, 2_000_000)
            from scale in Gen.Choose(0, 6)
            select new decimal(mantissa, 0, 0, false, (byte)scale)),
        (2, from low in Gen.Choose(int.MinValue, int.MaxValue)
            from middle in Gen.Choose(0, 300)
            from scale in Gen.Choose(0, 12)
            select new decimal(low, middle, 0, false, (byte)scale)),
        (1, from low in Gen.Choose(int.MinValue, int.MaxValue)
            from middle in Gen.Choose(int.MinValue, int.MaxValue)
            from high in Gen.Choose(int.MinValue, int.MaxValue)
            from negative in Gen.Elements(false, true)
            from scale in Gen.Choose(0, 28)
            select new decimal(low, middle, high, negative, (byte)scale)),
        (1, Gen.Elements(0m, 0.000m, -0m, 1m / 3m, 7.45m / 60m, 20m, 20.0000m, -1.5m, 79228162514264337593543950335m)));

    [Property(MaxTest = 20000)]
    public Property compare_is_decimal_comparison() =>
        Prop.ForAll((from a in Decimals from b in Gen.Frequency((3, Decimals), (1, Gen.Constant(a))) select (a, b)).ToArbitrary(), pair =>
            (Math.Sign(ExactDecimal.Compare(pair.a, pair.b)) == decimal.Compare(pair.a, pair.b)).Label($"{pair.a} vs {pair.b}"));

    [Property(MaxTest = 5000)]
    public Property a_running_sum_is_decimal_addition_bit_for_bit() =>
        Prop.ForAll(Gen.ListOf(Decimals).Select(list => list.ToArray()).ToArbitrary(), addends =>
        {
            var sum = new ExactDecimalSum();
            var expected = 0m;
            foreach (var addend in addends)
            {
                decimal next;
                try { next = expected + addend; }
                catch (OverflowException) { return true.Label("overflows in decimal arithmetic as well"); }
                sum.Add(addend);
                expected = next;
                if (!decimal.GetBits(sum.Value).SequenceEqual(decimal.GetBits(expected))) return false.Label($"{sum.Value} vs {expected} after {addend}");
            }
            return true.Label("equal");
        });

    [Property(MaxTest = 10000)]
    public Property a_running_sum_compares_like_its_decimal_value() =>
        Prop.ForAll((from addends in Gen.ListOf(Decimals) from other in Decimals select (addends.ToArray(), other)).ToArbitrary(), input =>
        {
            var sum = new ExactDecimalSum();
            foreach (var addend in input.Item1.Where(a => a >= 0 && a < 1_000_000m)) sum.Add(addend);
            return (Math.Sign(sum.CompareTo(input.other)) == decimal.Compare(sum.Value, input.other)).Label($"{sum.Value} vs {input.other}");
        });

    [Theory]
    [InlineData("0.1242", "0.1250", "0.2492")]
    [InlineData("0", "0.000", "0.000")]
    [InlineData("19.9999", "0.0001", "20.0000")]
    [InlineData("1.5", "0.25", "1.75")]
    public void keeps_the_scale_decimal_addition_gives(string a, string b, string expected)
    {
        var sum = new ExactDecimalSum();
        sum.Add(decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture));
        sum.Add(decimal.Parse(b, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, sum.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
