using System.Globalization;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Settlement.Documents;

/// <summary>
/// How the documents write numbers: invariant culture, <c>.</c> as the decimal separator, money with exactly the
/// currency's minor units (the statement's amounts are already rounded to them, so this only pads: 12.3 → 12.30).
/// </summary>
internal static class AmountText
{
    public static string Money(decimal amount, string currency) =>
        amount.ToString("F" + Iso4217Currencies.MinorUnits(currency), CultureInfo.InvariantCulture);

    /// <summary>Quantities and rates as stored, without trailing zeros (19 not 19.00, 12.345 kWh).</summary>
    public static string Plain(decimal value) => Normalized(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>The same value without trailing zeros in its scale (19.00 → 19).</summary>
    public static decimal Normalized(decimal value) => value / 1.000000000000000000000000000000000m;
}
