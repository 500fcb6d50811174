using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// Comparison of decimals on their mantissas as 64-bit integers when both fit at a common scale, which is the case for
/// meter values (energies, powers, currents of a few digits); anything else takes <see cref="decimal.Compare"/>. The
/// answer is the same as <see cref="decimal.Compare"/>'s for every pair (property test <c>ExactDecimalProperties</c>):
/// the integers are the exact values scaled by the same power of ten.
/// </summary>
internal static class ExactDecimal
{
    /// <summary>Mantissas up to this stay exact under addition of two of them in a <see cref="ulong"/>.</summary>
    internal const ulong MaxExactMantissa = 1_000_000_000_000_000_000UL;

    internal static readonly ulong[] PowersOfTen =
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
    ];

    /// <summary>Like <see cref="decimal.Compare"/>: negative, zero or positive as <paramref name="a"/> is below, equal to or above <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(decimal a, decimal b)
    {
        if (TryParts(a, out var aMantissa, out var aScale) && TryParts(b, out var bMantissa, out var bScale) &&
            TryAlign(ref aMantissa, ref aScale, ref bMantissa, bScale))
        {
            return aMantissa.CompareTo(bMantissa);
        }
        return decimal.Compare(a, b);
    }

    /// <summary>The mantissa and scale of a non-negative decimal whose mantissa is at most <see cref="MaxExactMantissa"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParts(decimal value, out ulong mantissa, out byte scale)
    {
        // decimal.GetBits copies through a span; this reads the same fields in place (the layout of System.Decimal, which
        // is the OLE DECIMAL's; the property test would fail at once if it were read wrong).
        ref var parts = ref Unsafe.As<decimal, DecimalParts>(ref value);
        mantissa = parts.Low64;
        scale = (byte)(parts.Flags >> 16);
        return parts.High == 0 && parts.Flags >= 0 && mantissa <= MaxExactMantissa;
    }

    /// <summary>The 96-bit mantissa, sign and scale of any decimal, read in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (UInt128 Mantissa, bool Negative, byte Scale) Parts(decimal value)
    {
        ref var parts = ref Unsafe.As<decimal, DecimalParts>(ref value);
        return (((UInt128)parts.High << 64) | parts.Low64, parts.Flags < 0, (byte)(parts.Flags >> 16));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DecimalParts
    {
        public int Flags;
        public uint High;
        public ulong Low64;
    }

    /// <summary>
    /// Brings <paramref name="b"/>'s mantissa and <paramref name="a"/>'s to the larger of the two scales (<paramref name="aScale"/>
    /// becomes it), if both stay at most <see cref="MaxExactMantissa"/>; false, and nothing changed that matters, otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryAlign(ref ulong a, ref byte aScale, ref ulong b, byte bScale)
    {
        if (aScale == bScale) return true;
        if (aScale < bScale)
        {
            var factor = PowersOfTen[bScale - aScale];
            if (a > MaxExactMantissa / factor) return false;
            a *= factor;
            aScale = bScale;
            return true;
        }
        var bFactor = PowersOfTen[aScale - bScale];
        if (b > MaxExactMantissa / bFactor) return false;
        b *= bFactor;
        return true;
    }
}

/// <summary>
/// A running sum of decimals, starting at <c>0m</c>, that equals the same additions in decimal arithmetic digit for digit and
/// scale: while every addend is a non-negative decimal with a small mantissa the sum is kept as a 64-bit mantissa at the
/// largest scale seen (decimal addition is exact there and keeps the larger scale), so adding is integer arithmetic; the
/// first addend that does not fit moves it to decimal addition for good. Checked against decimal addition by a property test.
/// </summary>
internal struct ExactDecimalSum
{
    private ulong _mantissa;
    private byte _scale;
    private bool _inDecimal;
    private decimal _decimal;

    public readonly decimal Value => _inDecimal ? _decimal : new decimal((int)(uint)_mantissa, (int)(uint)(_mantissa >> 32), 0, false, _scale);

    public void Add(decimal value)
    {
        if (!_inDecimal && ExactDecimal.TryParts(value, out var mantissa, out var scale))
        {
            var (sum, sumScale) = (_mantissa, _scale);
            if (ExactDecimal.TryAlign(ref sum, ref sumScale, ref mantissa, scale) && sum + mantissa <= ExactDecimal.MaxExactMantissa)
            {
                (_mantissa, _scale) = (sum + mantissa, sumScale);
                return;
            }
        }
        _decimal = Value + value;
        _inDecimal = true;
    }

    /// <summary>Like <see cref="decimal.Compare"/> of <see cref="Value"/> with <paramref name="other"/>.</summary>
    public readonly int CompareTo(decimal other)
    {
        if (!_inDecimal && ExactDecimal.TryParts(other, out var mantissa, out var scale))
        {
            var (sum, sumScale) = (_mantissa, _scale);
            if (ExactDecimal.TryAlign(ref sum, ref sumScale, ref mantissa, scale)) return sum.CompareTo(mantissa);
        }
        return decimal.Compare(Value, other);
    }
}
