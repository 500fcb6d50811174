using System.Globalization;

namespace Roaming.Protocols.Ochp;

/// <summary>
/// <c>xs:float</c> fields as decimals. Written like XmlConvert writes a decimal (<c>0.30</c>, never an exponent); read
/// also with an exponent, because Java peers write small and large floats like <c>1.0E-4</c>. <c>INF</c> and <c>NaN</c>
/// are valid xs:float but no amount, so reading them fails like any other bad value.
/// </summary>
internal static class OchpFloat
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent |
                                       NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Format(decimal? value) => value is { } present ? Format(present) : null;

    public static decimal Parse(string text) =>
        decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a float OCHP can take as an amount");

    public static decimal? ParseOptional(string? text) => text is null ? null : Parse(text);
}
