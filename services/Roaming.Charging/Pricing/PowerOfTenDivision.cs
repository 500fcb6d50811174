namespace Roaming.Charging.Pricing;

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
        var scale = value.Scale;
        if (scale + exponent > 28 || value == 0m) return value / Divisors[exponent];

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var resultScale = scale + exponent;
        while (resultScale > scale && IntegerDivision.IsMultipleOfTen(mantissa))
        {
            mantissa /= 10;
            resultScale--;
        }
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), value < 0m, (byte)resultScale);
    }
}
