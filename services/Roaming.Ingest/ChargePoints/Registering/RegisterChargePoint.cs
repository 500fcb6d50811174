using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Marten;
using Roaming.Platform.Security;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ingest.ChargePoints.Registering;

public sealed record ConnectorMappingRequest(
    [property: JsonPropertyName("ocpp_evse_id")] int? OcppEvseId,
    [property: JsonPropertyName("ocpp_connector_id")] int? OcppConnectorId,
    [property: JsonPropertyName("location_id")] string? LocationId,
    [property: JsonPropertyName("evse_uid")] string? EvseUid,
    [property: JsonPropertyName("connector_id")] string? ConnectorId)
{
    public static ConnectorMappingRequest Of(ConnectorMapping mapping) =>
        new(mapping.OcppEvseId, mapping.OcppConnectorId, mapping.LocationId, mapping.EvseUid, mapping.ConnectorId);
}

public sealed record RegisterChargePointRequest(
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("connectors")] IReadOnlyList<ConnectorMappingRequest>? Connectors);

public sealed record ChargePointResponse(
    [property: JsonPropertyName("charge_point_id")] string ChargePointId,
    [property: JsonPropertyName("connectors")] IReadOnlyList<ConnectorMappingRequest> Connectors);

/// <summary>
/// <c>PUT /api/charge-points/{id}</c>: registers a charger (or replaces its registration: password rotation, new
/// connector map). The password is stored as a PBKDF2 hash only.
/// </summary>
public static class RegisterChargePoint
{
    public static ChargePointRegistered Decide(string chargePointId, RegisterChargePointRequest request, string passwordHash, Instant now) =>
        new(chargePointId, passwordHash, request.Connectors!.Select(c => new ConnectorMapping(
            c.OcppEvseId ?? c.OcppConnectorId ?? 1, c.OcppConnectorId ?? 1, c.LocationId!, c.EvseUid!, c.ConnectorId!)).ToList(), now);

    public static FieldErrors Validate(string chargePointId, RegisterChargePointRequest request)
    {
        var errors = new FieldErrors();
        // OCPP-J: identity at most 48 characters and no ':' (it would break Basic-auth parsing).
        if (chargePointId.Length is 0 or > 48 || chargePointId.Contains(':'))
            errors.Add("charge_point_id", "must be 1 to 48 characters without ':'");
        // OCPP 2.0.1 SecurityCtrlr.BasicAuthPassword: 16 to 40 characters.
        errors.Required("password", request.Password);
        if (request.Password is { Length: < 16 or > 40 })
            errors.Add("password", "must be 16 to 40 characters");
        if (request.Connectors is null || request.Connectors.Count == 0)
            errors.Add("connectors", "at least one connector is required");
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < (request.Connectors?.Count ?? 0); i++)
        {
            var connector = request.Connectors![i];
            var path = FieldErrors.Index("connectors", i);
            if (connector.OcppEvseId is < 1)
                errors.Add(FieldErrors.Path(path, "ocpp_evse_id"), "must be 1 or more");
            if (connector.OcppConnectorId is < 1)
                errors.Add(FieldErrors.Path(path, "ocpp_connector_id"), "must be 1 or more");
            errors.RequiredString(FieldErrors.Path(path, "location_id"), connector.LocationId, 36);
            errors.RequiredString(FieldErrors.Path(path, "evse_uid"), connector.EvseUid, 36);
            errors.RequiredString(FieldErrors.Path(path, "connector_id"), connector.ConnectorId, 36);
            if (!seen.Add((connector.OcppEvseId ?? connector.OcppConnectorId ?? 1, connector.OcppConnectorId ?? 1)))
                errors.Add(path, "maps an OCPP evse/connector pair that is already mapped");
        }
        return errors;
    }

    public static void MapRegisterChargePoint(this IEndpointRouteBuilder api) =>
        api.MapPut("/charge-points/{chargePointId}", Handle).WithName("RegisterChargePoint")
            .WithSummary("Registers a charger (or replaces its registration): its Basic-auth password and its connector map onto locations.");

    private static async Task<Results<Ok<ChargePointResponse>, ValidationProblem>> Handle(
        string chargePointId, RegisterChargePointRequest request, IIngestStore store, IClock clock, CancellationToken cancellation)
    {
        var errors = Validate(chargePointId, request);
        if (!errors.IsValid)
            return errors.ToProblem();

        var now = clock.GetCurrentInstant();
        var registered = Decide(chargePointId, request, SecretHasher.Hash(request.Password!), now);
        await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
        session.Events.Append(chargePointId, registered);
        await session.SaveChangesAsync(cancellation);
        return TypedResults.Ok(new ChargePointResponse(chargePointId, registered.Connectors.Select(ConnectorMappingRequest.Of).ToList()));
    }
}
