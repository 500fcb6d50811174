using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Cdrs;

/// <summary>
/// Checks an OCPI 2.2.1 CDR field by field against mod_cdrs and reports every problem with its JSON path (for example
/// <c>cdr_location.connector_standard</c> or <c>tariffs[0].elements</c>). Embedded tariffs are checked as the Tariffs module's.
/// </summary>
/// <remarks>CdrLocation.address/state still say 45/20 in the 2.2.1 text; Location says 255/45 since the errata, so those apply.</remarks>
public static class CdrValidation
{
    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out Cdr? cdr, out FieldErrors errors) =>
        OcpiJson.TryRead(json, Validate, out cdr, out errors);

    public static FieldErrors Validate(Cdr cdr)
    {
        var errors = new FieldErrors();
        errors.CiString("country_code", cdr.CountryCode, 2, required: true);
        errors.CiString("party_id", cdr.PartyId, 3, required: true);
        errors.CiString("id", cdr.Id, 39, required: true);
        errors.DateTime("start_date_time", cdr.StartDateTime, required: true);
        errors.DateTime("end_date_time", cdr.EndDateTime, required: true);
        errors.CiString("session_id", cdr.SessionId, 36, required: false);
        errors.Required("cdr_token", cdr.CdrToken);
        if (cdr.CdrToken is { } token)
            CheckCdrToken(errors, token, "cdr_token");
        errors.KnownEnum("auth_method", cdr.AuthMethod, required: true);
        errors.CiString("authorization_reference", cdr.AuthorizationReference, 36, required: false);
        errors.Required("cdr_location", cdr.CdrLocation);
        if (cdr.CdrLocation is { } location)
            CheckCdrLocation(errors, location, "cdr_location");
        errors.Text("meter_id", cdr.MeterId, 255, required: false);
        errors.Text("currency", cdr.Currency, 3, required: true);
        errors.Each("tariffs", cdr.Tariffs, (tariff, path) => errors.Include(path, TariffValidation.Validate(tariff)));
        errors.Required("charging_periods", cdr.ChargingPeriods);
        if (cdr.ChargingPeriods is { Count: 0 })
            errors.Add("charging_periods", "must hold at least one charging period");
        errors.Each("charging_periods", cdr.ChargingPeriods, (period, path) => CheckChargingPeriod(errors, period, path));
        errors.Required("total_cost", cdr.TotalCost);
        errors.Number("total_energy", cdr.TotalEnergy, 0, decimal.MaxValue, required: true);
        errors.Number("total_time", cdr.TotalTime, 0, decimal.MaxValue, required: true);
        errors.Number("total_parking_time", cdr.TotalParkingTime, 0, decimal.MaxValue, required: false);
        errors.Text("remark", cdr.Remark, 255, required: false);
        errors.CiString("invoice_reference_id", cdr.InvoiceReferenceId, 39, required: false);
        errors.CiString("credit_reference_id", cdr.CreditReferenceId, 39, required: false);
        if (cdr.Credit == true && string.IsNullOrEmpty(cdr.CreditReferenceId))
            errors.Add("credit_reference_id", "is required when credit is true");
        errors.DateTime("last_updated", cdr.LastUpdated, required: true);
        return errors;
    }

    internal static void CheckCdrToken(FieldErrors errors, CdrToken token, string path)
    {
        errors.CiString(FieldErrors.Path(path, "country_code"), token.CountryCode, 2, required: true);
        errors.CiString(FieldErrors.Path(path, "party_id"), token.PartyId, 3, required: true);
        errors.CiString(FieldErrors.Path(path, "uid"), token.Uid, 36, required: true);
        errors.KnownEnum(FieldErrors.Path(path, "type"), token.Type, required: true);
        errors.CiString(FieldErrors.Path(path, "contract_id"), token.ContractId, 36, required: true);
    }

    internal static void CheckChargingPeriod(FieldErrors errors, ChargingPeriod period, string path)
    {
        errors.DateTime(FieldErrors.Path(path, "start_date_time"), period.StartDateTime, required: true);
        var dimensions = FieldErrors.Path(path, "dimensions");
        if (period.Dimensions is null or { Count: 0 })
            errors.Add(dimensions, "must hold at least one dimension");
        errors.Each(dimensions, period.Dimensions, (dimension, dimensionPath) =>
        {
            errors.KnownEnum(FieldErrors.Path(dimensionPath, "type"), dimension.Type, required: true);
            errors.Required(FieldErrors.Path(dimensionPath, "volume"), dimension.Volume);
        });
        errors.CiString(FieldErrors.Path(path, "tariff_id"), period.TariffId, 36, required: false);
    }

    private static void CheckCdrLocation(FieldErrors errors, CdrLocation location, string path)
    {
        errors.CiString(FieldErrors.Path(path, "id"), location.Id, 36, required: true);
        errors.Text(FieldErrors.Path(path, "name"), location.Name, 255, required: false);
        errors.Text(FieldErrors.Path(path, "address"), location.Address, 255, required: true);
        errors.Text(FieldErrors.Path(path, "city"), location.City, 45, required: true);
        errors.Text(FieldErrors.Path(path, "postal_code"), location.PostalCode, 10, required: false);
        errors.Text(FieldErrors.Path(path, "state"), location.State, 45, required: false);
        errors.Text(FieldErrors.Path(path, "country"), location.Country, 3, required: true);
        errors.Required(FieldErrors.Path(path, "coordinates"), location.Coordinates);
        if (location.Coordinates is { } coordinates)
            errors.Coordinates(FieldErrors.Path(path, "coordinates"), coordinates.Latitude, coordinates.Longitude);
        errors.CiString(FieldErrors.Path(path, "evse_uid"), location.EvseUid, 36, required: true);
        errors.CiString(FieldErrors.Path(path, "evse_id"), location.EvseId, 48, required: true);
        errors.CiString(FieldErrors.Path(path, "connector_id"), location.ConnectorId, 36, required: true);
        errors.KnownEnum(FieldErrors.Path(path, "connector_standard"), location.ConnectorStandard, required: true);
        errors.KnownEnum(FieldErrors.Path(path, "connector_format"), location.ConnectorFormat, required: true);
        errors.KnownEnum(FieldErrors.Path(path, "connector_power_type"), location.ConnectorPowerType, required: true);
    }
}
