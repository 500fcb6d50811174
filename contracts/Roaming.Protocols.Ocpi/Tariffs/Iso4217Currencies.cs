using System.Collections.Frozen;

namespace Roaming.Protocols.Ocpi.Tariffs;

/// <summary>
/// Active ISO 4217 currency codes with their minor units (the number of decimals an amount is rounded to).
/// Funds and precious-metal codes without a minor unit (XAU, XDR, XXX, ...) are left out: nobody pays for charging in them.
/// </summary>
public static class Iso4217Currencies
{
    private static readonly FrozenDictionary<string, int> MinorUnitsByCode = Build();

    public static bool IsKnown(string? code) => code is not null && MinorUnitsByCode.ContainsKey(code);

    /// <summary>Decimals of the currency's minor unit: EUR 2, JPY 0, KWD 3, CLF 4.</summary>
    public static int MinorUnits(string code) =>
        MinorUnitsByCode.TryGetValue(code, out var units)
            ? units
            : throw new ArgumentException($"'{code}' is not an ISO 4217 currency code", nameof(code));

    private static FrozenDictionary<string, int> Build()
    {
        const string noDecimals = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
        const string threeDecimals = "BHD IQD JOD KWD LYD OMR TND";
        const string fourDecimals = "CLF UYW";
        const string twoDecimals =
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
            "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP " +
            "GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL " +
            "MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN " +
            "QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD " +
            "TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";

        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (codes, units) in new[] { (noDecimals, 0), (twoDecimals, 2), (threeDecimals, 3), (fourDecimals, 4) })
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                table.Add(code, units);
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
