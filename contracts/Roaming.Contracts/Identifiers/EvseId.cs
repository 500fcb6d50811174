using System.Text.RegularExpressions;

namespace Roaming.Contracts.Identifiers;

/// <summary>
/// An EVSE-ID (ISO 15118-2 Annex H): country, operator, <c>E</c>, power outlet id (1 to 31 of <c>[A-Z0-9*]</c>, starting
/// alphanumeric), with <c>*</c> separators after country and operator or without any. Case-insensitive: two EVSE-IDs are
/// the same EVSE when their <see cref="Normalised"/> forms are equal (separators removed, upper case), as e-clearing.net
/// compares them.
/// </summary>
public readonly partial record struct EvseId
{
    private EvseId(string text, OperatorId @operator, string normalised)
    {
        Text = text;
        OperatorId = @operator;
        Normalised = normalised;
    }

    /// <summary>As received.</summary>
    public string Text { get; }

    public OperatorId OperatorId { get; }

    /// <summary>Separators removed, upper case: the form to compare.</summary>
    public string Normalised { get; }

    public static bool TryParse(string? text, out EvseId id)
    {
        id = default;
        if (text is null)
            return false;
        var match = WithSeparators().Match(text);
        if (!match.Success)
            match = WithoutSeparators().Match(text);
        if (!match.Success || !OperatorId.TryParse(match.Groups["country"].Value + match.Groups["operator"].Value, out var @operator))
            return false;
        id = new EvseId(text, @operator, (@operator.Compact + match.Groups["outlet"].Value).Replace("*", "", StringComparison.Ordinal).ToUpperInvariant());
        return true;
    }

    public static EvseId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an EVSE-ID (e.g. DE*ABC*E123456)");

    /// <summary>Same EVSE: equal normalised forms.</summary>
    public static bool Same(string? left, string? right) =>
        TryParse(left, out var a) && TryParse(right, out var b) ? a.Normalised == b.Normalised : string.Equals(left, right, StringComparison.Ordinal);

    public bool Equals(EvseId other) => Normalised == other.Normalised;

    public override int GetHashCode() => Normalised?.GetHashCode(StringComparison.Ordinal) ?? 0;

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?<country>[A-Za-z]{2})\*(?<operator>[A-Za-z0-9]{3})\*(?<outlet>[Ee][A-Za-z0-9][A-Za-z0-9*]{0,30})$")]
    private static partial Regex WithSeparators();

    [GeneratedRegex(@"^(?<country>[A-Za-z]{2})(?<operator>[A-Za-z0-9]{3})(?<outlet>[Ee][A-Za-z0-9][A-Za-z0-9*]{0,30})$")]
    private static partial Regex WithoutSeparators();
}
