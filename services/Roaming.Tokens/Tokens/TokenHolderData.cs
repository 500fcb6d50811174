using Roaming.Platform.Sealing.Shredding;
using Roaming.Tokens.Tokens.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;

namespace Roaming.Tokens.Tokens;

/// <summary>
/// The personal data of a token's holder, stored encrypted in <see cref="TokenPut"/> under the key of the holder's
/// contract (subject <c>contract:&lt;country&gt;*&lt;party&gt;*&lt;contract_id&gt;</c>), so that
/// <c>roaming audit forget</c> of that subject erases it from every event and read model at once while the sealed
/// chain still verifies (its leaves are over the ciphertext).
/// <para>
/// Personal: <c>contract_id</c> (the eMA ID names one driver's contract), <c>visual_number</c> (printed on their card)
/// and <c>energy_contract</c> (their own supplier and contract). Kept in clear, on purpose: <c>uid</c> (the RFID a charger
/// reads; Tokens' streams, Ingest's known tokens and chargers' local lists are keyed by it, and it is a card number
/// rather than a name once the contract is gone), <c>group_id</c> (a charger's parentIdTag), <c>issuer</c> (a company),
/// type, whitelist, language, validity.
/// </para>
/// </summary>
public sealed class TokenHolderData(SubjectKeyVault vault)
{
    public static string SubjectOf(string countryCode, string partyId, string contractId) => HolderSubject.OfContract(countryCode, partyId, contractId);

    public async Task<Token> Protect(Token token, CancellationToken cancellation) =>
        With(token, await vault.Protect(SubjectOf(token.CountryCode!, token.PartyId!, token.ContractId!), Personal(token), cancellation));

    /// <summary>The token as it was put; after the holder was forgotten, their fields read <see cref="SubjectKeyVault.Erased"/>.</summary>
    public async Task<Token> Reveal(Token stored, CancellationToken cancellation) => (await Reveal([stored], cancellation))[0];

    /// <summary>A page of tokens revealed with one look-up in the vault.</summary>
    public async Task<IReadOnlyList<Token>> Reveal(IReadOnlyList<Token> stored, CancellationToken cancellation)
    {
        var personal = stored.Select(Personal).ToList();
        var revealed = await vault.Reveal(personal.SelectMany(fields => fields).ToList(), cancellation);
        return stored.Select((token, index) => With(token, revealed[(index * PersonalFieldCount)..((index + 1) * PersonalFieldCount)])).ToList();
    }

    /// <summary>The length of <see cref="Personal"/>'s answer.</summary>
    private const int PersonalFieldCount = 4;

    private static string?[] Personal(Token token) =>
        [token.ContractId, token.VisualNumber, token.EnergyContract?.SupplierName, token.EnergyContract?.ContractId];

    private static Token With(Token token, string?[] personal) => token with
    {
        ContractId = personal[0],
        VisualNumber = personal[1],
        EnergyContract = token.EnergyContract is { } energy ? energy with { SupplierName = personal[2], ContractId = personal[3] } : null,
    };
}
