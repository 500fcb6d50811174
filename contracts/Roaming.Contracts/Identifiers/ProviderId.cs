namespace Roaming.Contracts.Identifiers;

/// <summary>An e-mobility provider's (e-MSP's) id, e.g. <c>DE*8PS</c> (see <see cref="PartyCode"/> for the accepted forms).</summary>
public readonly record struct ProviderId
{
    private ProviderId(string country, string party)
    {
        Country = country;
        Party = party;
    }

    public string Country { get; }
    public string Party { get; }

    /// <summary>Without separator (<c>DE8PS</c>): the first five characters of its EMAIDs (<c>DE8PSC12345678</c>).</summary>
    public string Compact => Country + Party;

    public static bool TryParse(string? text, out ProviderId id)
    {
        var valid = PartyCode.TryParse(text, out var country, out var party);
        id = valid ? new ProviderId(country, party) : default;
        return valid;
    }

    public static ProviderId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a Provider-ID (e.g. DE*8PS)");

    /// <summary>Canonical form <c>DE*ABC</c>.</summary>
    public override string ToString() => $"{Country}*{Party}";
}
