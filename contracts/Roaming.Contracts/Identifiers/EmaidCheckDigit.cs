namespace Roaming.Contracts.Identifiers;

/// <summary>
/// The check digit of an EMAID (ISO 15118-2 Annex H, eMI3 "Check Digit Calculation for Contract-IDs"). Each character's
/// value v (0..43) splits into two bits (v mod 2, v/2 mod 2), summed over GF(2) weighted by powers of P1 = [[0,1],[1,1]],
/// and two base-3 digits (v/4 mod 4, v/16), summed over GF(3) weighted by powers of P2 = [[0,1],[1,2]]; the GF(3) sum is
/// then multiplied by -P2^-15, and the four parts together are the value of the check character.
/// </summary>
public static class EmaidCheckDigit
{
    private const string Characters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // The standard's value of each of Characters, in the same order.
    private static readonly int[] Values =
    [
        0, 16, 32, 4, 20, 36, 8, 24, 40, 2,
        18, 34, 6, 22, 38, 10, 26, 42, 1, 17, 33, 5, 21, 37, 9, 25, 41, 3, 19, 35, 7, 23, 39, 11, 27, 43,
    ];

    private static readonly Matrix P1 = new(0, 1, 1, 1);
    private static readonly Matrix P2 = new(0, 1, 1, 2);
    private static readonly Matrix MinusP2InverseTo15 = new(0, 2, 2, 1);

    /// <summary>The check character of the 14 characters country + provider + instance (case-insensitive, no hyphens).</summary>
    public static char Compute(string emaidWithoutCheckDigit)
    {
        ArgumentNullException.ThrowIfNull(emaidWithoutCheckDigit);
        if (emaidWithoutCheckDigit.Length != 14)
            throw new ArgumentException($"an EMAID without check digit has 14 characters, '{emaidWithoutCheckDigit}' has {emaidWithoutCheckDigit.Length}",
                nameof(emaidWithoutCheckDigit));
        var power1 = P1;
        var power2 = P2;
        var sum1 = (X: 0, Y: 0);
        var sum2 = (X: 0, Y: 0);
        foreach (var character in emaidWithoutCheckDigit)
        {
            var index = Characters.IndexOf(char.ToUpperInvariant(character), StringComparison.Ordinal);
            if (index < 0)
                throw new ArgumentException($"'{character}' is not allowed in an EMAID", nameof(emaidWithoutCheckDigit));
            var value = Values[index];
            var bits = power1.LeftMultiply(value & 1, (value >> 1) & 1);
            var trits = power2.LeftMultiply((value >> 2) & 3, value >> 4);
            sum1 = ((sum1.X + bits.X) % 2, (sum1.Y + bits.Y) % 2);
            sum2 = ((sum2.X + trits.X) % 3, (sum2.Y + trits.Y) % 3);
            power1 = power1.Times(P1, 2);
            power2 = power2.Times(P2, 3);
        }
        var folded = MinusP2InverseTo15.LeftMultiply(sum2.X, sum2.Y);
        var code = sum1.X + 2 * sum1.Y + 4 * (folded.X % 3) + 16 * (folded.Y % 3);
        return Characters[Array.IndexOf(Values, code)];
    }

    /// <summary>A 2×2 matrix [[A, B], [C, D]] over the integers (reduced modulo 2 or 3 by its users).</summary>
    private readonly record struct Matrix(int A, int B, int C, int D)
    {
        public Matrix Times(Matrix other, int modulus) => new(
            (A * other.A + B * other.C) % modulus, (A * other.B + B * other.D) % modulus,
            (C * other.A + D * other.C) % modulus, (C * other.B + D * other.D) % modulus);

        /// <summary>The row vector (x, y) times this matrix.</summary>
        public (int X, int Y) LeftMultiply(int x, int y) => (x * A + y * C, x * B + y * D);
    }
}
