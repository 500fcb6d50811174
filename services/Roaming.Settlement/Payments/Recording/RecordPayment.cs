using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Statements.Getting;

namespace Roaming.Settlement.Payments.Recording;

/// <summary>
/// <c>POST /api/settlement/statements/{id}/payments</c> <c>{"amount", "paid_on": "2026-12-20", "reference"?, "note"?}</c>:
/// records a payment (or a refund of a credit note) against a statement, attributed to the operator API's caller; 201 with
/// the statement's payment state. 404 unknown statement, 400 amount not positive or bad date, 409 already paid.
/// </summary>
public static class RecordPayment
{
    public sealed record PaymentBody(
        [property: JsonPropertyName("amount")] decimal? Amount,
        [property: JsonPropertyName("paid_on")] string? PaidOn,
        [property: JsonPropertyName("reference")] string? Reference,
        [property: JsonPropertyName("note")] string? Note);

    public static void MapRecordPayment(this IEndpointRouteBuilder api) => api.MapPost("/settlement/statements/{id}/payments", Handle)
        .WithName("RecordStatementPayment").WithSummary("Records a payment of a statement (a refund for a credit note).");

    private static async Task<Results<Created<PaymentView>, ValidationProblem, ProblemHttpResult>> Handle(string id, HttpRequest http, ISettlementStore store,
        IClock clock, CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<PaymentBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = new FieldErrors();
        if (body.Amount is not { } amount)
            errors.Add("amount", "is required");
        else if (amount <= 0)
            errors.Add("amount", "must be positive (a credit note's refund is recorded as a positive amount too)");
        var paidOn = body.PaidOn is null ? null : LocalDatePattern.Iso.Parse(body.PaidOn) is { Success: true } parsed ? parsed.Value : (LocalDate?)null;
        if (paidOn is null)
            errors.Add("paid_on", "is required as a date, e.g. 2026-12-20");
        errors.MaxLength("reference", body.Reference, 200);
        errors.MaxLength("note", body.Note, 1000);
        if (!errors.IsValid)
            return errors.ToProblem();

        var now = clock.GetCurrentInstant();
        var context = EventContext.Operator(now);
        await using var session = store.LightweightSession().Stamp(context);
        if (await session.LoadAsync<Statement>(id, cancellation) is not { } statement)
            return TypedResults.Problem($"no statement {id}", statusCode: StatusCodes.Status404NotFound, title: "Unknown statement");
        var stream = PaymentStreams.For(id);
        var payments = await session.LoadAsync<StatementPayments>(id, cancellation);
        var version = (await session.Events.FetchStreamStateAsync(stream, cancellation))?.Version ?? 0;
        var (recorded, refusal) = PaymentState.Decide(statement, payments, body.Amount!.Value, paidOn!.Value, body.Reference, body.Note, context.Actor, now);
        if (recorded is null)
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "Statement already paid");
        // Expected version: two payments recorded at once must not both count against the same balance.
        session.Events.Append(stream, version + 1, recorded);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (exception is JasperFx.Events.EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            return TypedResults.Problem($"another payment of {id} was recorded at the same time; try again", statusCode: StatusCodes.Status409Conflict);
        }
        await using var query = store.QuerySession();
        var after = await query.LoadAsync<StatementPayments>(id, cancellation);
        return TypedResults.Created($"/api/settlement/statements/{Uri.EscapeDataString(id)}", PaymentView.Of(statement, after, now));
    }
}
