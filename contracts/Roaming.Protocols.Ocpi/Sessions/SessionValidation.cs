using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Sessions;

/// <summary>
/// Checks an OCPI 2.2.1 Session field by field against mod_sessions and reports every problem with its JSON path
/// (for example <c>charging_periods[1].dimensions[0].type</c>). A PATCH is checked as the Session it makes: merged onto
/// the stored one first.
/// </summary>
public static class SessionValidation
{
    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out Session? session, out FieldErrors errors) =>
        OcpiJson.TryRead(json, Validate, out session, out errors);

    public static FieldErrors Validate(Session session)
    {
        var errors = new FieldErrors();
        errors.CiString("country_code", session.CountryCode, 2, required: true);
        errors.CiString("party_id", session.PartyId, 3, required: true);
        errors.CiString("id", session.Id, 36, required: true);
        errors.DateTime("start_date_time", session.StartDateTime, required: true);
        errors.Number("kwh", session.Kwh, 0, decimal.MaxValue, required: true);
        errors.Required("cdr_token", session.CdrToken);
        if (session.CdrToken is { } token)
            CdrValidation.CheckCdrToken(errors, token, "cdr_token");
        errors.KnownEnum("auth_method", session.AuthMethod, required: true);
        errors.CiString("authorization_reference", session.AuthorizationReference, 36, required: false);
        errors.CiString("location_id", session.LocationId, 36, required: true);
        errors.CiString("evse_uid", session.EvseUid, 36, required: true);
        errors.CiString("connector_id", session.ConnectorId, 36, required: true);
        errors.Text("meter_id", session.MeterId, 255, required: false);
        errors.Text("currency", session.Currency, 3, required: true);
        errors.Each("charging_periods", session.ChargingPeriods, (period, path) => CdrValidation.CheckChargingPeriod(errors, period, path));
        errors.KnownEnum("status", session.Status, required: true);
        errors.DateTime("last_updated", session.LastUpdated, required: true);
        return errors;
    }
}
