namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// Division of a decimal by 10, 100 or 1000 (Wh to kWh, W to kW, percent) without the general division routine: the
/// mantissa stays, the scale grows, and trailing zeros are dropped down to the dividend's scale, which is exactly the
/// digits and scale <c>value / 10^n</c> gives (checked bit for bit by a property test). Values whose scale would pass
/// 28 take the ordinary division, which then has to round.
/// </summary>
internal static class PowerOfTenDivision
{
    private static readonly decimal[] Divisors = [1m, 10m, 100m, 1000m];

    /// <summary><c>value / 10^exponent</c>, the same decimal digit for digit and scale; <paramref name="exponent"/> 0 to 3.</summary>
    public static decimal Divide(decimal value, int exponent)
    {
        var (mantissa, negative, scale) = ExactDecimal.Parts(value);
        if (scale + exponent > 28 || mantissa == 0) return value / Divisors[exponent];
        // Dividing by 1 gives the dividend itself (its natural scale, nothing to unscale).
        if (exponent == 0) return value;

        var resultScale = scale + exponent;
        while (resultScale > scale && IntegerDivision.IsMultipleOfTen(mantissa))
        {
            // A 64-bit division where the mantissa allows (the 128-bit one is a software routine).
            mantissa = mantissa <= ulong.MaxValue ? (ulong)mantissa / 10 : mantissa / 10;
            resultScale--;
        }
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, (byte)resultScale);
    }
}
