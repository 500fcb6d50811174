namespace Roaming.Contracts.Ocpi.V1;

/// <summary>
/// As eMSP we received a CDR from a partner CPO (stored once per country code, party id and CDR id). Charging
/// re-prices it for reconciliation. <paramref name="CdrJson"/> is the OCPI 2.2.1 CDR as received, except its
/// <c>cdr_token.contract_id</c>, which is encrypted under the holder's contract key (as OCPI keeps it); the tariffs
/// are the partner's OCPI Tariffs that apply (those in the CDR's <c>tariffs</c> field, or the ones the CDR's periods
/// name from the partner's published tariffs); <paramref name="TimeZone"/> is the IANA zone of the partner location.
/// </summary>
public sealed record PartnerCdrReceived(
    string CountryCode,
    string PartyId,
    string CdrId,
    string CdrJson,
    IReadOnlyList<string> TariffJsons,
    string? TimeZone);
