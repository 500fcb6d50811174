namespace Roaming.Contracts.Identifiers;

/// <summary>A charge point operator's (CPO's) id, e.g. <c>DE*ABC</c> (see <see cref="PartyCode"/> for the accepted forms).</summary>
public readonly record struct OperatorId
{
    private OperatorId(string country, string party)
    {
        Country = country;
        Party = party;
    }

    public string Country { get; }
    public string Party { get; }

    /// <summary>Without separator (<c>DEABC</c>): the prefix of the operator's OCHP CdrIds and TariffIds.</summary>
    public string Compact => Country + Party;

    public static bool TryParse(string? text, out OperatorId id)
    {
        var valid = PartyCode.TryParse(text, out var country, out var party);
        id = valid ? new OperatorId(country, party) : default;
        return valid;
    }

    public static OperatorId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an Operator-ID (e.g. DE*ABC)");

    /// <summary>Canonical form <c>DE*ABC</c>.</summary>
    public override string ToString() => $"{Country}*{Party}";
}
