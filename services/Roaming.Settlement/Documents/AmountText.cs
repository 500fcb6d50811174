using System.Globalization;

namespace Roaming.Settlement.Documents;

/// <summary>
/// How the documents write quantities and rates: invariant culture, <c>.</c> as the decimal separator (money:
/// <see cref="SettlementMoney.Text"/>).
/// </summary>
internal static class AmountText
{
    /// <summary>Quantities and rates as stored, without trailing zeros (19 not 19.00, 12.345 kWh).</summary>
    public static string Plain(decimal value) => Normalized(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>The same value without trailing zeros in its scale (19.00 → 19).</summary>
    public static decimal Normalized(decimal value) => value / 1.000000000000000000000000000000000m;
}
