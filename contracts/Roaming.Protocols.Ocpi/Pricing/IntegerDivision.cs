using System.Runtime.CompilerServices;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// Division of a decimal by a whole number (seconds to hours: 3600), giving exactly the decimal that <c>value / divisor</c>
/// gives, digit for digit and scale (checked bit for bit by a property test), without the general 96-bit division routine:
/// an exact quotient keeps the smallest scale at or above the dividend's, an inexact one is rounded half to even at 28
/// decimal places and loses its trailing zeros. Only non-negative dividends with a 64-bit mantissa whose quotient stays below 2^96 at scale 28 take the
/// integer path (every duration and time amount of a realistic period); the rest take decimal division.
/// </summary>
internal static class IntegerDivision
{
    private const int MaxScale = 28;
    private static readonly UInt128 SafeQuotientLimit = (UInt128.One << 96) / 10;

    /// <summary><c>value / 3600</c>: seconds to hours, or an amount of seconds × price per hour to the amount.</summary>
    public static decimal DivideBy3600(decimal value) => Divide(value, 3600);

    /// <summary>
    /// <c>value / divisor</c>. Inlined into <see cref="DivideBy3600"/>, so there the divisions by the divisor are divisions
    /// by a constant, which the JIT turns into multiplications.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static decimal Divide(decimal value, uint divisor)
    {
        if (divisor == 0 || !ExactDecimal.TryParts(value, out var mantissa, out var scale)) return value / divisor;

        var quotient = (UInt128)(mantissa / divisor);
        var remainder = mantissa % divisor;
        if (remainder == 0) return ToDecimal(quotient, scale);

        // More digits, up to nine at a time (remainder × 10^9 stays within 64 bits for a 32-bit divisor), to scale 28 or
        // until the division comes out exact. Decimal division does the same as long as the quotient is well below 2^96
        // (it scales only as far as it is sure not to overflow); nearer to that it is left to decimal division.
        var resultScale = (int)scale;
        while (resultScale < MaxScale && remainder != 0)
        {
            var digits = Math.Min(9, MaxScale - resultScale);
            var factor = ExactDecimal.PowersOfTen[digits];
            var scaled = remainder * factor;
            quotient = quotient * factor + scaled / divisor;
            remainder = scaled % divisor;
            resultScale += digits;
            if (quotient >= SafeQuotientLimit) return value / divisor;
        }
        if (remainder != 0)
        {
            // Rounded half to even at the last digit, as decimal division rounds.
            var twice = remainder * 2;
            if (twice > divisor || (twice == divisor && (quotient & 1) == 1)) quotient++;
        }
        // A quotient that needed more digits than the dividend's scale loses its trailing zeros (decimal division unscales
        // whenever the first remainder was not zero, rounded or exact).
        while (resultScale > 0 && IsMultipleOfTen(quotient))
        {
            quotient = quotient <= ulong.MaxValue ? (ulong)quotient / 10 : quotient / 10;
            resultScale--;
        }
        return ToDecimal(quotient, (byte)resultScale);
    }

    /// <summary>Whether a 128-bit value ends in a decimal zero, without a 128-bit division (2^64 ≡ 6 modulo 10).</summary>
    internal static bool IsMultipleOfTen(UInt128 value)
    {
        var (high, low) = ((ulong)(value >> 64), (ulong)value);
        return (low & 1) == 0 && ((high % 10) * 6 + low % 10) % 10 == 0;
    }

    private static decimal ToDecimal(UInt128 mantissa, byte scale) =>
        new((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), false, scale);
}
