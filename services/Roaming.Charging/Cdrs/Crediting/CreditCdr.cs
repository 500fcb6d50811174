using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Charging.Cdrs.Ocpi;
using Roaming.Charging.Tariffs;
using Roaming.Platform.Identity;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Charging.Cdrs.Crediting;

public sealed record CreditCdrRequest([property: JsonPropertyName("reason")] string? Reason);

/// <summary>
/// <c>POST /api/cdrs/{id}/credit</c>: a CDR is never edited; a correction is a credit CDR (OCPI <c>credit</c> = true,
/// negative amounts) that references the original. A CDR is credited at most once, and a credit is never credited.
/// </summary>
public static class CreditCdr
{
    public static string CreditIdFor(string cdrId) => DeterministicGuid.From("credit-cdr", cdrId).ToString();

    public static CdrIssued? Decide(IssuedCdr original, IssuedCdr? existingCredit, string reason, Instant now)
    {
        if (existingCredit is not null || original.Cdr.Credit == true)
            return null;
        var cdr = original.Cdr;
        var creditId = CreditIdFor(cdr.Id);
        var credit = cdr with
        {
            Id = creditId,
            Credit = true,
            CreditReferenceId = cdr.Id,
            Remark = reason,
            TotalCost = Negate(cdr.TotalCost)!,
            TotalFixedCost = Negate(cdr.TotalFixedCost),
            TotalEnergyCost = Negate(cdr.TotalEnergyCost),
            TotalTimeCost = Negate(cdr.TotalTimeCost),
            TotalParkingCost = Negate(cdr.TotalParkingCost),
            TotalReservationCost = Negate(cdr.TotalReservationCost),
            LastUpdated = now,
        };
        return new CdrIssued(creditId, original.SessionId, original.TariffKey, original.TariffVersion, original.TimeZone, credit, now);
    }

    private static Price? Negate(Price? price) => price is null ? null : new(-price.ExclVat, -price.InclVat);

    public static void MapCreditCdr(this IEndpointRouteBuilder api) =>
        api.MapPost("/cdrs/{id}/credit", async Task<Results<Ok<Cdr>, NotFound, ValidationProblem>> (
            string id, CreditCdrRequest request, IChargingStore store, IClock clock, CancellationToken cancellation) =>
        {
            var errors = new FieldErrors();
            errors.RequiredString("reason", request.Reason, 255);
            if (!errors.IsValid)
                return errors.ToProblem();
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
            var original = await session.LoadAsync<IssuedCdr>(id, cancellation);
            if (original is null)
                return TypedResults.NotFound();
            var credit = Decide(original, await session.LoadAsync<IssuedCdr>(CreditIdFor(id), cancellation), request.Reason!, now);
            if (credit is null)
                return new FieldErrors().Add("id", "is a credit CDR or has already been credited").ToProblem();
            // StartStream fails if a concurrent request created the credit first: at most one credit per CDR.
            session.Events.StartStream(credit.CdrId, credit);
            await session.SaveChangesAsync(cancellation);
            return TypedResults.Ok(credit.Cdr);
        }).WithName("CreditCdr");
}
