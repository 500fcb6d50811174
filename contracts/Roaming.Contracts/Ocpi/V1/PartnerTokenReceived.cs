namespace Roaming.Contracts.Ocpi.V1;

/// <summary>
/// A partner e-MSP pushed a token to our CPO token receiver (PUT or PATCH, already merged and validated).
/// <see cref="TokenJson"/> is the whole OCPI 2.2.1 Token; the Tokens service keeps it so chargers are answered locally.
/// Its holder fields (<c>contract_id</c>, <c>visual_number</c>, <c>energy_contract</c>) are as OCPI keeps them: encrypted
/// (<c>enc:v1:…</c>) under the key of the contract <c>contract:&lt;country_code&gt;*&lt;party_id&gt;*&lt;contract_id&gt;</c> in the
/// shared subject key vault, so the broker never sees them; a consumer reveals them with that vault.
/// </summary>
public sealed record PartnerTokenReceived(
    string PartnerId,
    string CountryCode,
    string PartyId,
    string Uid,
    string Type,
    string TokenJson);
