using System.Text.RegularExpressions;

namespace Roaming.Contracts.Identifiers;

/// <summary>
/// A contract id (EMAID, ISO 15118-2 Annex H): country, provider, a 9-character instance and an optional check digit,
/// either all hyphenated (<c>DE-8PS-C12345678-X</c>) or not at all (<c>DE8PSC12345678X</c>); case-insensitive.
/// </summary>
public readonly partial record struct ContractId
{
    private ContractId(string text, ProviderId provider, string instance, char? checkDigit)
    {
        Text = text;
        ProviderId = provider;
        Instance = instance;
        CheckDigit = checkDigit;
    }

    /// <summary>As received.</summary>
    public string Text { get; }

    public ProviderId ProviderId { get; }

    /// <summary>The 9 characters after the provider, upper case.</summary>
    public string Instance { get; }

    /// <summary>The check digit as given (upper case), or null when the id came without one.</summary>
    public char? CheckDigit { get; }

    /// <summary>The 14 characters the check digit is computed over (country, provider, instance; upper case, no hyphens): the form to compare.</summary>
    public string Normalised => ProviderId.Compact + Instance;

    /// <summary>True when there is no check digit, or when it is the one <see cref="EmaidCheckDigit.Compute"/> gives.</summary>
    public bool CheckDigitValid => CheckDigit is not { } digit || digit == EmaidCheckDigit.Compute(Normalised);

    public static bool TryParse(string? text, out ContractId id)
    {
        id = default;
        if (text is null)
            return false;
        var match = Emaid().Match(text);
        if (!match.Success || !ProviderId.TryParse(match.Groups["country"].Value + match.Groups["provider"].Value, out var provider))
            return false;
        var digit = match.Groups["digit"].Success ? char.ToUpperInvariant(match.Groups["digit"].Value[0]) : (char?)null;
        id = new ContractId(text, provider, match.Groups["instance"].Value.ToUpperInvariant(), digit);
        return true;
    }

    public static ContractId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a contract id (EMAID, e.g. DE-8PS-C12345678-X)");

    public override string ToString() => Text;

    // The separator group is captured once and required to repeat (\k<sep>): all hyphens or none.
    [GeneratedRegex(@"^(?<country>[A-Za-z]{2})(?<sep>-?)(?<provider>[A-Za-z0-9]{3})\k<sep>(?<instance>[A-Za-z0-9]{9})(?:\k<sep>(?<digit>[A-Za-z0-9]))?$")]
    private static partial Regex Emaid();
}
