using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Charging.Cdrs.Attention.Recording;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;
using Roaming.Contracts.Validation;
using Roaming.Platform.Hosting;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using ExistingStreamIdCollisionException = Marten.Exceptions.ExistingStreamIdCollisionException;

namespace Roaming.Charging.Cdrs.Attention.Completing;

/// <summary>The facts an operator supplies; absent ones keep what the transaction reported.</summary>
public sealed record CompleteCdrAttentionRequest(
    [property: JsonPropertyName("location_id")] string? LocationId,
    [property: JsonPropertyName("evse_uid")] string? EvseUid,
    [property: JsonPropertyName("connector_id")] string? ConnectorId,
    [property: JsonPropertyName("tariff_id")] string? TariffId,
    [property: JsonPropertyName("meter_start_wh")] decimal? MeterStartWh = null,
    [property: JsonPropertyName("meter_stop_wh")] decimal? MeterStopWh = null);

/// <summary>The connector (and, when named, the tariff and meter readings) the item's CDR is to be issued with.</summary>
public sealed record AttentionCompletion(string LocationId, string EvseUid, string ConnectorId, string? TariffId, decimal? MeterStartWh = null,
    decimal? MeterStopWh = null);

/// <summary>
/// <c>POST /api/charging/cdrs/attention/{id}/complete</c>: the operator supplies what was missing; the CDR is issued
/// through the normal path (<see cref="CdrInputsLoader"/>, <see cref="CdrIssuer"/>, the same <see cref="CdrIssued"/>, so
/// OCPI pushes and settlement follow) and the item is completed with the caller as actor, in one commit. What the
/// operator corrects is recorded on the session (<see cref="SessionCorrected"/>); a transaction on an unmapped connector
/// gets its session recorded then (started, its meter values, ended), as it would have been.
/// </summary>
public static class CompleteCdrAttention
{
    public const int MaxIdLength = 36; // OCPI CiString(36) for location, EVSE uid, connector and tariff ids

    /// <summary>Is the item completable with this request, and with which connector (pure). Conflict: 409; errors: 400.</summary>
    public static (AttentionCompletion? Completion, string? Conflict, FieldErrors Errors) Decide(CdrAttentionItem item, CompleteCdrAttentionRequest request)
    {
        var errors = new FieldErrors();
        if (item.State != AttentionStates.Open)
            return (null, $"the item is already {item.State}", errors);
        if (!item.Stopped)
            return (null, "the transaction has not stopped yet: its CDR cannot be issued before its stop", errors);
        errors.MaxLength("location_id", request.LocationId, MaxIdLength);
        errors.MaxLength("evse_uid", request.EvseUid, MaxIdLength);
        errors.MaxLength("connector_id", request.ConnectorId, MaxIdLength);
        errors.MaxLength("tariff_id", request.TariffId, MaxIdLength);
        var location = Given(request.LocationId) ?? item.Facts.LocationId;
        var evse = Given(request.EvseUid) ?? item.Facts.EvseUid;
        var connector = Given(request.ConnectorId) ?? item.Facts.ConnectorId;
        const string unmapped = "is required: the transaction's OCPP connector is not mapped to an OCPI connector";
        if (location is null) errors.Add("location_id", unmapped);
        if (evse is null) errors.Add("evse_uid", unmapped);
        if (connector is null) errors.Add("connector_id", unmapped);
        if (request.MeterStartWh < 0) errors.Add("meter_start_wh", "must not be negative");
        if (request.MeterStopWh < 0) errors.Add("meter_stop_wh", "must not be negative");
        if (item.Reason == AttentionReasons.MeterValuesMissing && request.MeterStopWh is null)
            errors.Add("meter_stop_wh", "is required: the charger reported no energy reading");
        if (request.MeterStopWh is { } stop && stop < (request.MeterStartWh ?? item.Facts.MeterStartWh))
            errors.Add("meter_stop_wh", "must not be below the meter start");
        return errors.IsValid
            ? (new AttentionCompletion(location!, evse!, connector!, Given(request.TariffId), request.MeterStartWh, request.MeterStopWh), null, errors)
            : (null, null, errors);
    }

    /// <summary>
    /// The pricing inputs the CDR is issued with, or the field that prevents it (pure): the location must be known to
    /// Charging and hold the EVSE and connector; a named tariff must be ours and valid at the session's start; without
    /// one, the connector's tariff prices it, and none is an error only when unpriced CDRs need attention.
    /// </summary>
    public static (CdrInputs? Inputs, FieldErrors Errors) Resolve(AttentionCompletion completion, CdrInputs? loaded, TariffHistory? named,
        UnpricedCdrs unpriced)
    {
        var errors = new FieldErrors();
        if (loaded is null)
            return (null, errors.Add("location_id", $"'{completion.LocationId}' is not a location known to Charging (Network has not published it)"));
        var location = loaded.Location.Location;
        if (location.Evses.All(e => e.Uid != completion.EvseUid))
            return (null, errors.Add("evse_uid", $"'{completion.EvseUid}' is not an EVSE of location {location.LocationId}"));
        if (loaded.Location.Find(completion.EvseUid, completion.ConnectorId) is null)
            return (null, errors.Add("connector_id", $"'{completion.ConnectorId}' is not a connector of EVSE {completion.EvseUid}"));
        var startedAt = loaded.Session.Started.StartedAt;
        if (completion.TariffId is not null)
        {
            if (named?.ValidAt(startedAt) is not { } version)
                return (null, errors.Add("tariff_id", $"'{completion.TariffId}' is not a tariff of ours valid at the session's start ({startedAt})"));
            return (loaded with { Tariff = version, TariffKey = named.Id }, errors);
        }
        if (loaded.Tariff is null && unpriced == UnpricedCdrs.NeedsAttention)
            return (null, errors.Add("tariff_id", "is required: the connector has no tariff valid at the session's start"));
        return (loaded, errors);
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The session the CDR prices and the events that make it so (pure): the recorded session, corrected where the
    /// operator supplied other facts (<see cref="SessionCorrected"/>, so the session, the CDR and its explanation agree);
    /// for an unmapped connector the session it would have had, started, with its meter values, ended (a new stream).
    /// </summary>
    public static (ChargingSession Session, IReadOnlyList<object> Events, bool NewStream) SessionOf(CdrAttentionItem item, AttentionCompletion completion,
        ChargingSession? recorded, string ownParty, Instant now)
    {
        var facts = item.Facts;
        if (recorded is not null)
        {
            var correction = new SessionCorrected(recorded.Id, completion.LocationId, completion.EvseUid, completion.ConnectorId,
                completion.MeterStartWh ?? recorded.Started.MeterStartWh, completion.MeterStopWh ?? recorded.Ended!.MeterStopWh, now);
            var unchanged = (correction.LocationId, correction.EvseUid, correction.ConnectorId, correction.MeterStartWh, correction.MeterStopWh) ==
                (recorded.Started.LocationId, recorded.Started.EvseUid, recorded.Started.ConnectorId, recorded.Started.MeterStartWh, recorded.Ended!.MeterStopWh);
            return unchanged ? (recorded, [], false) : (ChargingSession.Fold(recorded, correction), [correction], false);
        }
        var party = ownParty.Split('*');
        var meterStart = completion.MeterStartWh ?? facts.MeterStartWh;
        var meterStop = completion.MeterStopWh ?? facts.MeterStopWh!.Value;
        var sessionId = ChargingSession.IdFor(facts.ChargePointId, facts.TransactionId);
        List<object> events =
        [
            new SessionStarted(sessionId, party[0], party[1], facts.ChargePointId, facts.TransactionId, completion.LocationId, completion.EvseUid,
                completion.ConnectorId, facts.TokenUid, facts.AuthorizationStatus, meterStart, facts.StartedAt, facts.StartReceivedAt, facts.AuthMethod,
                facts.AuthorizationReference),
        ];
        if (item.Samples.Count > 0)
            events.Add(new MeterSamplesRecorded(sessionId, item.Samples, facts.StopReceivedAt!.Value));
        events.Add(new SessionEnded(sessionId, meterStop, facts.StoppedAt!.Value, facts.StopReceivedAt!.Value, facts.StopReason, meterStop < meterStart,
            facts.ClosedBySweep));
        return (events.Skip(1).Aggregate(ChargingSession.Begin((SessionStarted)events[0]), ChargingSession.Fold), events, true);
    }

    public static void MapCompleteCdrAttention(this IEndpointRouteBuilder api) =>
        api.MapPost("/charging/cdrs/attention/{id}/complete", Handle).WithName("CompleteCdrNeedingAttention")
            .Accepts<CompleteCdrAttentionRequest>("application/json").Produces<CdrAttentionView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).Produces(StatusCodes.Status404NotFound)
            .WithSummary("Supplies the missing facts (location_id, evse_uid, connector_id, tariff_id, meter_start_wh, meter_stop_wh); the CDR is issued as any other.");

    private static async Task<IResult> Handle(string id, HttpContext http, IChargingStore store, IClock clock, IOptions<RoamingOptions> roaming,
        IOptions<CdrAttentionOptions> options, ILoggerFactory loggers, CancellationToken cancellation)
    {
        var logger = loggers.CreateLogger(typeof(CompleteCdrAttention));
        var (request, bad) = await JsonBody.Read<CompleteCdrAttentionRequest>(http.Request, cancellation);
        if (!bad.IsValid)
            return Refused(logger, id, bad);
        var now = clock.GetCurrentInstant();
        var actor = OperatorActor.Of(http);
        await using var session = store.LightweightSession().Stamp(new EventContext(actor, now));
        var item = await session.LoadAsync<CdrAttentionItem>(id, cancellation);
        if (item is null)
            return Results.NotFound();
        var (completion, conflict, errors) = Decide(item, request!);
        if (conflict is not null)
            return Results.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: "CDR needing attention cannot be completed");
        if (completion is null)
            return Refused(logger, id, errors);

        var recorded = item.Facts.SessionId is { } sessionId ? await session.LoadAsync<ChargingSession>(sessionId, cancellation) : null;
        if (recorded is not null)
            recorded = await SessionSamples.Complete(session, recorded, cancellation);
        var (charging, sessionEvents, newSession) = SessionOf(item, completion, recorded, roaming.Value.Party, now);
        var loaded = await CdrInputsLoader.Load(session, charging, roaming.Value.DefaultCurrency, cancellation);
        var named = completion.TariffId is null ? null
            : await session.LoadAsync<TariffHistory>(TariffKeys.For(charging.Started.CountryCode, charging.Started.PartyId, completion.TariffId), cancellation);
        var (inputs, unresolved) = Resolve(completion, loaded, named, options.Value.UnpricedCdrs);
        if (inputs is null)
            return Refused(logger, id, unresolved);

        var issued = CdrIssuer.Issue(inputs, now);
        var version = (await session.Events.FetchStreamStateAsync(id, cancellation))!.Version;
        // The session first, so its events come before its CDR in the outbox; a new one as a mapped connector would have had it.
        if (newSession)
            session.Events.StartStream<ChargingSession>(charging.Id, sessionEvents.ToArray());
        else if (sessionEvents.Count > 0)
            session.Events.Append(charging.Id, sessionEvents.ToArray());
        session.Events.StartStream(issued.CdrId, issued);
        session.Events.Append(id, version + 1, new CdrAttentionCompleted(id, completion.LocationId, completion.EvseUid, completion.ConnectorId,
            completion.TariffId, issued.CdrId, actor, now, completion.MeterStartWh, completion.MeterStopWh));
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (exception is EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException
                                              or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            return Results.Problem("the item changed at the same time (completed or discarded by another call); read it again",
                statusCode: StatusCodes.Status409Conflict, title: "CDR needing attention cannot be completed");
        }
        logger.LogInformation("CDR needing attention {Attention} completed by {Actor}: CDR {Cdr} issued", id, actor, issued.CdrId);
        await using var query = store.QuerySession();
        return Results.Ok(CdrAttentionView.Of((await query.LoadAsync<CdrAttentionItem>(id, cancellation))!));
    }

    private static IResult Refused(ILogger logger, string id, FieldErrors errors)
    {
        logger.LogWarning("Completing CDR needing attention {Attention} refused: {Errors}", id,
            string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return errors.ToProblem();
    }
}
