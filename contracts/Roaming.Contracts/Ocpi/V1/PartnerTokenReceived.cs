namespace Roaming.Contracts.Ocpi.V1;

/// <summary>
/// A partner e-MSP pushed a token to our CPO token receiver (PUT or PATCH, already merged and validated).
/// <see cref="TokenJson"/> is the whole OCPI 2.2.1 Token; the Tokens service keeps it so chargers are answered locally.
/// </summary>
public sealed record PartnerTokenReceived(
    string PartnerId,
    string CountryCode,
    string PartyId,
    string Uid,
    string Type,
    string TokenJson);
