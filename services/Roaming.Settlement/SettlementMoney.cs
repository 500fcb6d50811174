using System.Globalization;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Settlement;

/// <summary>
/// The one money rule of settlement: amounts are rounded once, half away from zero, to the currency's ISO 4217 minor
/// unit (as the tariff engine rounds), and written with exactly that many decimals (100.00, not 100).
/// </summary>
public static class SettlementMoney
{
    /// <summary>Rounded to the currency's minor unit, carrying exactly that many decimals.</summary>
    public static decimal Round(decimal amount, string currency)
    {
        var units = Iso4217Currencies.MinorUnits(currency);
        return decimal.Round(amount, units, MidpointRounding.AwayFromZero) + new decimal(0, 0, 0, false, (byte)units);
    }

    /// <summary>The .NET format of an amount in the currency (<c>F2</c> for EUR, <c>F0</c> for JPY).</summary>
    public static string Format(string currency) => "F" + Iso4217Currencies.MinorUnits(currency);

    /// <summary>Invariant culture, <c>.</c> as the decimal separator, exactly the currency's minor units (12.3 → 12.30).</summary>
    public static string Text(decimal amount, string currency) => amount.ToString(Format(currency), CultureInfo.InvariantCulture);
}
