using JasperFx.Events;
using Marten;
using ExistingStreamIdCollisionException = Marten.Exceptions.ExistingStreamIdCollisionException;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Payments;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Disputes.Opening;

/// <summary>
/// <c>POST /api/settlement/disputes</c> on a CDR (<c>operator_id</c>, <c>cdr_id</c>) or a statement line
/// (<c>statement_id</c>, <c>line_number</c>) with a reason and evidence: opens the dispute and holds the CDR out of
/// statements in one commit. 400 without a reason or a target; 404 for an unknown CDR, statement or line; 409 when the
/// statement is paid, the CDR is withdrawn or already under an open dispute.
/// </summary>
public static class OpenDispute
{
    public const int MaxReasonLength = 1000;
    public const int MaxEvidenceLength = 100_000;

    public static FieldErrors Validate(OpenDisputeBody body)
    {
        var errors = new FieldErrors();
        errors.RequiredString("reason", body.Reason, MaxReasonLength);
        errors.MaxLength("evidence", body.Evidence, MaxEvidenceLength);
        var onStatement = body.StatementId is not null || body.LineNumber is not null;
        if (onStatement)
        {
            errors.Required("statement_id", body.StatementId);
            if (body.LineNumber is not { } line)
                errors.Add("line_number", "is required with statement_id");
            else if (line < 1)
                errors.Add("line_number", "must be 1 or more");
            if (body.OperatorId is not null || body.CdrId is not null)
                errors.Add("statement_id", "give either statement_id and line_number, or operator_id and cdr_id");
        }
        else
        {
            errors.Required("operator_id", body.OperatorId);
            if (body.OperatorId is { Length: > 0 } text && !OperatorId.TryParse(text, out _))
                errors.Add("operator_id", "must be an Operator-ID, e.g. DE*ABC");
            errors.Required("cdr_id", body.CdrId);
        }
        return errors;
    }

    /// <summary>The dispute and the CDR's hold, or why it cannot be opened (409).</summary>
    public static (DisputeOpened? Opened, IReadOnlyList<object> LedgerEvents, string? Refusal) Decide(LedgerCdr cdr, bool alreadyDisputed, string disputeId,
        string? statementId, int? lineNumber, string reason, string? evidence, string actor, Instant now)
    {
        if (cdr.State == LedgerStates.Withdrawn)
            return (null, [], $"CDR {cdr.CdrId} of {cdr.OperatorId} is withdrawn: there is no claim left to dispute");
        if (alreadyDisputed)
            return (null, [], $"CDR {cdr.CdrId} of {cdr.OperatorId} is already under an open dispute");
        var opened = new DisputeOpened(disputeId, cdr.OperatorId, cdr.ProviderId, cdr.CdrId, statementId, lineNumber, reason, evidence ?? cdr.Facts.SignedMeterData,
            actor, now);
        return (opened, LedgerDecisions.Hold(cdr, $"disputed: {reason}", now), null);
    }

    public static void MapOpenDispute(this IEndpointRouteBuilder api) => api.MapPost("/settlement/disputes", Handle)
        .WithName("OpenSettlementDispute").WithSummary("Disputes a CDR or a statement line: the CDR is held out of statements until the dispute is resolved.");

    private static async Task<Results<Created<DisputeView>, ValidationProblem, ProblemHttpResult>> Handle(HttpRequest http, ISettlementStore store, IClock clock,
        CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<OpenDisputeBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = Validate(body);
        if (!errors.IsValid)
            return errors.ToProblem();

        var now = clock.GetCurrentInstant();
        var actor = OperatorCaller.Of(http.HttpContext);
        await using var session = store.LightweightSession().Stamp(new EventContext(actor, now));
        string operatorId, cdrId;
        if (body.StatementId is { } statementId)
        {
            if (await session.LoadAsync<Statement>(statementId, cancellation) is not { } statement)
                return NotFound("Unknown statement", $"no statement {statementId}");
            if (statement.Lines.FirstOrDefault(l => l.LineNumber == body.LineNumber) is not { } line)
                return NotFound("Unknown statement line", $"statement {statementId} has no line {body.LineNumber} (it has {statement.Lines.Count})");
            if (await session.LoadAsync<StatementPayments>(statementId, cancellation) is { Status: PaymentStatuses.Paid })
                return TypedResults.Problem($"statement {statementId} ({statement.InvoiceNumber}) is paid: correct it on a later statement instead",
                    statusCode: StatusCodes.Status409Conflict, title: "Statement is paid");
            (operatorId, cdrId) = (statement.OperatorId, line.CdrId);
        }
        else
            (operatorId, cdrId) = (OperatorId.Parse(body.OperatorId!).ToString(), body.CdrId!);

        var ledger = await session.Events.FetchForWriting<LedgerCdr>(LedgerKeys.For(operatorId, cdrId), cancellation);
        if (ledger.Aggregate is not { } cdr)
            return NotFound("Unknown CDR", $"no CDR {cdrId} of {operatorId} in the ledger");
        var disputeId = $"dispute:{Guid.CreateVersion7()}";
        var (opened, held, refusal) = Decide(cdr, await OpenDisputes.AnyFor(session, operatorId, cdrId, cancellation), disputeId, body.StatementId, body.LineNumber,
            body.Reason!.Trim(), body.Evidence, actor, now);
        if (opened is null)
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "CDR cannot be disputed");
        session.Events.StartStream<Dispute>(disputeId, opened);
        // Appended even when the CDR is held already: the version check fails a second dispute opened at the same time.
        ledger.AppendMany(held.Count > 0 ? held : [new CdrHeld(cdr.Id, $"disputed: {opened.Reason}", now)]);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (exception is EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            return TypedResults.Problem($"CDR {cdrId} of {operatorId} changed at the same time (another dispute?); read it and try again",
                statusCode: StatusCodes.Status409Conflict, title: "CDR cannot be disputed");
        }
        await using var query = store.QuerySession();
        var dispute = DisputeView.Of((await query.LoadAsync<Dispute>(disputeId, cancellation))!);
        return TypedResults.Created($"/api/settlement/disputes/{Uri.EscapeDataString(disputeId)}", dispute);
    }

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title);
}
