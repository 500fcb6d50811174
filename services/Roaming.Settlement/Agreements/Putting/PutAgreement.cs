using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Settlement.V1;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Agreements.Putting;

/// <summary>
/// <c>PUT /api/settlement/agreements/{operator_id}/{provider_id}</c>: makes the agreement or changes its terms (an
/// event with the full terms, the actor and the day they apply from); the same terms again change nothing. 400 naming
/// each invalid field; 409 when the currency would change after a statement was issued in the old one.
/// </summary>
public static class PutAgreement
{
    public const string Monthly = "monthly";
    public const string Weekly = "weekly";
    public const decimal DefaultTolerance = 0.01m;
    public const int DefaultCloseAfterDays = 5;

    public static readonly IReadOnlyList<string> Periods = [Monthly, Weekly];
    public static readonly IReadOnlyList<string> BillingValues = [BillingDirections.CpoInvoicesEmsp, BillingDirections.EmspSelfBills];

    /// <summary>Checks every field; on success <paramref name="terms"/> holds the canonical terms (defaults applied, <paramref name="today"/> in the zone
    /// when valid_from is absent: the first day of the current period, or of the agreement's current terms when it has some).</summary>
    public static FieldErrors Validate(string operatorText, string providerText, AgreementBody body, Instant now, Agreement? current,
        out OperatorId operatorId, out ProviderId providerId, out AgreementTerms? terms)
    {
        var errors = new FieldErrors();
        terms = null;
        if (!OperatorId.TryParse(operatorText, out operatorId))
            errors.Add("operator_id", "must be an Operator-ID, e.g. DE*ABC");
        if (!ProviderId.TryParse(providerText, out providerId))
            errors.Add("provider_id", "must be a Provider-ID, e.g. DE*8PS");
        errors.Required("currency", body.Currency);
        if (body.Currency is { Length: > 0 } currency && !Iso4217Currencies.IsKnown(currency))
            errors.Add("currency", $"'{currency}' is not an ISO 4217 currency code (upper case, e.g. EUR)");
        errors.Required("period", body.Period);
        errors.OneOf("period", body.Period, Periods);
        errors.Required("time_zone", body.TimeZone);
        var zone = body.TimeZone is { Length: > 0 } zoneId ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) : null;
        if (body.TimeZone is { Length: > 0 } && zone is null)
            errors.Add("time_zone", $"'{body.TimeZone}' is not an IANA time zone, e.g. Europe/Berlin");
        errors.Required("billing", body.Billing);
        errors.OneOf("billing", body.Billing, BillingValues);
        errors.Required("payment_terms_days", body.PaymentTermsDays);
        if (body.PaymentTermsDays is < 0 or > 365)
            errors.Add("payment_terms_days", "must be between 0 and 365");
        if (body.CloseAfterDays is < 0 or > 60)
            errors.Add("close_after_days", "must be between 0 and 60");
        if (body.Tolerance is < 0)
            errors.Add("tolerance", "must not be negative");
        var rates = ValidateVatRates(body.VatRates, errors);
        var issuer = ValidateParty("issuer", body.Issuer, errors);
        var recipient = ValidateParty("recipient", body.Recipient, errors);
        if (!errors.IsValid)
            return errors;

        var today = now.InZone(zone!).Date;
        var settlesFrom = body.ValidFrom ?? current?.SettlesFrom ?? StartOfPeriod(body.Period!, today);
        terms = new AgreementTerms(body.Currency!, body.Period!, body.TimeZone!, body.Billing!, body.PaymentTermsDays!.Value,
            body.CloseAfterDays ?? DefaultCloseAfterDays, body.Tolerance ?? DefaultTolerance, rates, issuer!, recipient!, settlesFrom);
        return errors;
    }

    /// <summary>The first local day of the period that contains <paramref name="day"/> (weeks start on Monday, as ISO weeks do).</summary>
    public static LocalDate StartOfPeriod(string period, LocalDate day) =>
        period == Weekly ? day.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)) : day.With(DateAdjusters.StartOfMonth);

    private static List<VatRate> ValidateVatRates(IReadOnlyList<VatRateWire?>? wires, FieldErrors errors)
    {
        var rates = new List<VatRate>();
        if (wires is null || wires.Count == 0)
        {
            errors.Add("vat_rates", "at least one VAT rate (country, rate, valid_from) is required");
            return rates;
        }
        for (var i = 0; i < wires.Count; i++)
        {
            var field = FieldErrors.Index("vat_rates", i);
            if (wires[i] is not { } wire)
            {
                errors.Add(field, "is required");
                continue;
            }
            var valid = true;
            if (wire.Country is not { Length: 2 } country || !Iso3166Countries.IsAlpha2(country))
            {
                errors.Add(FieldErrors.Path(field, "country"), "must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE");
                valid = false;
            }
            if (wire.Rate is not { } rate || rate < 0 || rate >= 100)
            {
                errors.Add(FieldErrors.Path(field, "rate"), "must be a percentage from 0 to below 100, e.g. 19");
                valid = false;
            }
            if (wire.ValidFrom is null)
            {
                errors.Add(FieldErrors.Path(field, "valid_from"), "is required");
                valid = false;
            }
            else if (wire.ValidTo is { } to && to <= wire.ValidFrom)
            {
                errors.Add(FieldErrors.Path(field, "valid_to"), "must be after valid_from (it is the first day no longer covered)");
                valid = false;
            }
            if (valid)
                rates.Add(new VatRate(wire.Country!, wire.Rate!.Value, wire.ValidFrom!.Value, wire.ValidTo));
        }
        foreach (var overlap in Overlaps(rates))
            errors.Add("vat_rates", overlap);
        return rates;
    }

    /// <summary>Every pair of rates of one country whose validity overlaps (the rate of a day must be unambiguous).</summary>
    public static IEnumerable<string> Overlaps(IReadOnlyList<VatRate> rates)
    {
        for (var i = 0; i < rates.Count; i++)
        {
            for (var j = i + 1; j < rates.Count; j++)
            {
                var (a, b) = (rates[i], rates[j]);
                if (a.Country == b.Country && (b.ValidTo is null || a.ValidFrom < b.ValidTo) && (a.ValidTo is null || b.ValidFrom < a.ValidTo))
                    yield return $"the rates {i} and {j} of {a.Country} overlap ({Validity(a)} and {Validity(b)})";
            }
        }
    }

    private static string Validity(VatRate rate) => rate.ValidTo is { } to ? $"{rate.ValidFrom:uuuu-MM-dd} to {to:uuuu-MM-dd}" : $"from {rate.ValidFrom:uuuu-MM-dd}";

    private static PartyDetails? ValidateParty(string field, PartyWire? wire, FieldErrors errors)
    {
        if (wire is null)
        {
            errors.Add(field, "is required (name, address, vat_id)");
            return null;
        }
        errors.RequiredString(FieldErrors.Path(field, "name"), wire.Name, 200);
        errors.RequiredString(FieldErrors.Path(field, "address"), wire.Address, 500);
        errors.MaxLength(FieldErrors.Path(field, "vat_id"), wire.VatId, 30);
        if (wire.CountryCode is { } country && !Iso3166Countries.IsAlpha2(country))
            errors.Add(FieldErrors.Path(field, "country_code"), "must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE");
        return new PartyDetails(wire.Name ?? "", wire.Address ?? "", string.IsNullOrWhiteSpace(wire.VatId) ? null : wire.VatId, wire.CountryCode);
    }

    /// <summary>Made when new, changed when any term differs, nothing when the same.</summary>
    public static object? Decide(Agreement? current, string key, OperatorId operatorId, ProviderId providerId, AgreementTerms terms,
        LocalDate? effectiveFrom, LocalDate today, string actor, Instant now)
    {
        if (current is null)
            return new AgreementMade(key, operatorId.ToString(), providerId.ToString(), terms, effectiveFrom ?? terms.SettlesFrom, actor, now);
        return ChangedFields(AgreementProjection.TermsOf(current), terms).Count == 0
            ? null
            : new AgreementChanged(key, terms, effectiveFrom ?? Max(today, terms.SettlesFrom), actor, now);
    }

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    /// <summary>The wire names of the terms that differ.</summary>
    public static IReadOnlyList<string> ChangedFields(AgreementTerms? before, AgreementTerms after)
    {
        if (before is null)
            return [];
        var changed = new List<string>();
        void Compare(string field, bool same)
        {
            if (!same)
                changed.Add(field);
        }
        Compare("currency", before.Currency == after.Currency);
        Compare("period", before.Period == after.Period);
        Compare("time_zone", before.TimeZone == after.TimeZone);
        Compare("billing", before.Billing == after.Billing);
        Compare("payment_terms_days", before.PaymentTermsDays == after.PaymentTermsDays);
        Compare("close_after_days", before.CloseAfterDays == after.CloseAfterDays);
        Compare("tolerance", before.Tolerance == after.Tolerance);
        Compare("vat_rates", before.VatRates.SequenceEqual(after.VatRates));
        Compare("issuer", before.Issuer == after.Issuer);
        Compare("recipient", before.Recipient == after.Recipient);
        Compare("valid_from", before.SettlesFrom == after.SettlesFrom);
        return changed;
    }

    public static void MapPutAgreement(this IEndpointRouteBuilder api) => api.MapPut("/settlement/agreements/{operatorId}/{providerId}", Handle)
        .WithName("PutSettlementAgreement").WithSummary("Makes or changes the settlement agreement of a CPO (Operator-ID) and an e-MSP (Provider-ID).");

    private static async Task<Results<Created<AgreementView>, Ok<AgreementView>, ValidationProblem, ProblemHttpResult>> Handle(string operatorId, string providerId,
        HttpRequest http, ISettlementStore store, IClock clock, CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<AgreementBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var now = clock.GetCurrentInstant();
        var actor = OperatorCaller.Of(http.HttpContext);
        await using var session = store.LightweightSession().Stamp(new EventContext(actor, now));
        var key = OperatorId.TryParse(operatorId, out var op) && ProviderId.TryParse(providerId, out var prov) ? Agreement.KeyOf(op.ToString(), prov.ToString()) : null;
        var stream = key is null ? null : await session.Events.FetchForWriting<Agreement>(key, cancellation);
        var current = stream?.Aggregate;
        var errors = Validate(operatorId, providerId, body, now, current, out var @operator, out var provider, out var terms);
        if (!errors.IsValid)
            return errors.ToProblem();

        if (current is not null && current.Currency != terms!.Currency && await HasStatements(session, current, cancellation))
            return TypedResults.Problem($"the agreement {current.Id} has issued statements in {current.Currency}; its currency cannot change to {terms.Currency} " +
                "(make a new agreement for other Provider-/Operator-IDs instead)", statusCode: StatusCodes.Status409Conflict, title: "Currency is fixed");

        var today = now.InZone(DateTimeZoneProviders.Tzdb[terms!.TimeZone]).Date;
        var decided = Decide(current, key!, @operator, provider, terms, body.EffectiveFrom, today, actor, now);
        if (decided is null)
            return TypedResults.Ok(AgreementView.Of(current!));
        stream!.AppendOne(decided);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (exception is JasperFx.Events.EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            return TypedResults.Problem($"the agreement {key} was changed at the same time; read it and try again", statusCode: StatusCodes.Status409Conflict);
        }
        await using var query = store.QuerySession();
        var view = AgreementView.Of((await query.LoadAsync<Agreement>(key!, cancellation))!);
        return current is null ? TypedResults.Created($"/api/settlement/agreements/{Uri.EscapeDataString(view.OperatorId)}/{Uri.EscapeDataString(view.ProviderId)}", view)
            : TypedResults.Ok(view);
    }

    private static Task<bool> HasStatements(IQuerySession session, Agreement agreement, CancellationToken cancellation) =>
        session.Query<Statement>().AnyAsync(s => s.OperatorId == agreement.OperatorId && s.ProviderId == agreement.ProviderId, cancellation);
}
