using Roaming.Clearing.Connections;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Clearing.Cdrs.Plausibility;

/// <summary>
/// What the rules look at: the CDR, what the uploader owns, which providers are claimed and which connections run, and
/// the CDR's current status (null when never uploaded). No I/O: the consumer loads all of it once per batch.
/// </summary>
/// <param name="Connections">Running connections by (Operator-ID, Provider-ID), canonical.</param>
public sealed record PlausibilityInput(
    CdrForClearing Cdr,
    IReadOnlySet<string> UploaderOperatorIds,
    IReadOnlySet<string> ClaimedProviderIds,
    IReadOnlyDictionary<(string OperatorId, string ProviderId), ConnectionLimits> Connections,
    string? CurrentStatus)
{
    public EvseId? Evse => EvseId.TryParse(Cdr.EvseId, out var evse) ? evse : null;

    public ContractId? Contract => ContractId.TryParse(Cdr.ContractId, out var contract) ? contract : null;

    public ConnectionLimits? Limits =>
        Evse is { } evse && Contract is { } contract && Connections.TryGetValue((evse.OperatorId.ToString(), contract.ProviderId.ToString()), out var limits)
            ? limits
            : null;
}

/// <summary>A rule's verdict: pass, or fail with the reason.</summary>
public sealed record RuleVerdict(string? Failure)
{
    public static RuleVerdict Pass { get; } = new((string?)null);

    public bool Passed => Failure is null;

    public static RuleVerdict Fail(string reason) => new(reason);
}

public sealed record PlausibilityRule(string Name, Func<PlausibilityInput, RuleVerdict> Check);

/// <summary>The result of a check: every rule run in order up to the first failure (null when all passed).</summary>
public sealed record PlausibilityResult(IReadOnlyList<RuleOutcome> Outcomes)
{
    public RuleOutcome? Failed => Outcomes.FirstOrDefault(o => !o.Passed);
}

/// <summary>
/// The clearing house's plausibility rules (OCHP leaves them to the CHS; these follow e-clearing.net's published checks),
/// each a named pure function, run in this fixed order; the first failure decides. A re-upload as <c>rejected</c> only
/// gives the claim up, so only <see cref="ForRejection"/> (schema and legality) apply to it.
/// </summary>
public static class PlausibilityRules
{
    public const string SchemaValid = "schema-valid";
    public const string OperatorOwnsEvse = "operator-owns-evse";
    public const string OperatorOwnsCdrId = "operator-owns-cdr-id";
    public const string ContractIdValid = "contract-id-valid";
    public const string ProviderConnected = "provider-connected";
    public const string StartBeforeEnd = "start-before-end";
    public const string PeriodsInsideSession = "periods-inside-session";
    public const string PeriodCost = "period-cost";
    public const string TotalCost = "total-cost";
    public const string CurrencyIso4217 = "currency-iso-4217";
    public const string NoDuplicate = "no-duplicate";
    public const string MaxEnergy = "max-energy";
    public const string MaxDuration = "max-duration";
    public const string MaxCost = "max-cost";

    private static readonly string[] UploadStatuses = [CdrStatuses.New, CdrStatuses.Revised, CdrStatuses.Rejected];

    public static IReadOnlyList<PlausibilityRule> All { get; } =
    [
        new(SchemaValid, CheckSchema),
        new(OperatorOwnsEvse, CheckOperatorOwnsEvse),
        new(OperatorOwnsCdrId, CheckOperatorOwnsCdrId),
        new(ContractIdValid, CheckContractId),
        new(ProviderConnected, CheckProviderConnected),
        new(StartBeforeEnd, CheckStartBeforeEnd),
        new(PeriodsInsideSession, CheckPeriodsInsideSession),
        new(PeriodCost, CheckPeriodCost),
        new(TotalCost, CheckTotalCost),
        new(CurrencyIso4217, CheckCurrency),
        new(NoDuplicate, CheckNoDuplicate),
        new(MaxEnergy, CheckMaxEnergy),
        new(MaxDuration, CheckMaxDuration),
        new(MaxCost, CheckMaxCost),
    ];

    public static IReadOnlyList<PlausibilityRule> ForRejection { get; } = [.. All.Where(r => r.Name is SchemaValid or NoDuplicate)];

    public static PlausibilityRule Named(string name) => All.Single(r => r.Name == name);

    /// <summary>Runs the rules for the upload's requested status in order, stopping at the first failure.</summary>
    public static PlausibilityResult Check(PlausibilityInput input)
    {
        var outcomes = new List<RuleOutcome>();
        foreach (var rule in input.Cdr.Status == CdrStatuses.Rejected ? ForRejection : All)
        {
            var verdict = rule.Check(input);
            outcomes.Add(new RuleOutcome(rule.Name, verdict.Passed, verdict.Failure));
            if (!verdict.Passed)
                break;
        }
        return new PlausibilityResult(outcomes);
    }

    public static RuleVerdict CheckSchema(PlausibilityInput input) =>
        input.Cdr.SchemaProblem is { } problem ? RuleVerdict.Fail(problem)
        : !UploadStatuses.Contains(input.Cdr.Status) ? RuleVerdict.Fail($"status '{input.Cdr.Status}' is not one of new, revised, rejected")
        : RuleVerdict.Pass;

    public static RuleVerdict CheckOperatorOwnsEvse(PlausibilityInput input) => input.Evse switch
    {
        null => RuleVerdict.Fail($"'{input.Cdr.EvseId}' is not an EVSE-ID"),
        { } evse when !input.UploaderOperatorIds.Contains(evse.OperatorId.ToString()) =>
            RuleVerdict.Fail($"EVSE {input.Cdr.EvseId} belongs to operator {evse.OperatorId}, which is not one of the uploader's ({string.Join(", ", input.UploaderOperatorIds)})"),
        _ => RuleVerdict.Pass,
    };

    public static RuleVerdict CheckOperatorOwnsCdrId(PlausibilityInput input) =>
        input.Evse is { } evse && !input.Cdr.CdrId.StartsWith(evse.OperatorId.Compact, StringComparison.Ordinal)
            ? RuleVerdict.Fail($"CdrId {input.Cdr.CdrId} does not start with the Operator-ID {evse.OperatorId.Compact}")
            : RuleVerdict.Pass;

    public static RuleVerdict CheckContractId(PlausibilityInput input) => input.Contract switch
    {
        null => RuleVerdict.Fail($"'{input.Cdr.ContractId}' is not a contract id (EMAID)"),
        { CheckDigitValid: false } contract =>
            RuleVerdict.Fail($"contract id {contract.Text} has check digit {contract.CheckDigit}, expected {EmaidCheckDigit.Compute(contract.Normalised)}"),
        _ => RuleVerdict.Pass,
    };

    public static RuleVerdict CheckProviderConnected(PlausibilityInput input)
    {
        if (input.Contract is not { } contract || input.Evse is not { } evse)
            return RuleVerdict.Pass;
        var provider = contract.ProviderId.ToString();
        if (!input.ClaimedProviderIds.Contains(provider))
            return RuleVerdict.Fail($"provider {provider} of the contract is not a participant of the clearing house");
        return input.Limits is null ? RuleVerdict.Fail($"provider {provider} is not connected to operator {evse.OperatorId}") : RuleVerdict.Pass;
    }

    public static RuleVerdict CheckStartBeforeEnd(PlausibilityInput input) => (input.Cdr.Start, input.Cdr.End) switch
    {
        (null, _) or (_, null) => RuleVerdict.Fail("start and end are required"),
        ({ } start, { } end) when start.ToInstant() >= end.ToInstant() => RuleVerdict.Fail($"start {start} is not before end {end}"),
        _ => RuleVerdict.Pass,
    };

    public static RuleVerdict CheckPeriodsInsideSession(PlausibilityInput input)
    {
        if (input.Cdr.Periods.Count == 0)
            return RuleVerdict.Fail("a CDR has at least one charging period");
        if (input.Cdr.Start is not { } start || input.Cdr.End is not { } end)
            return RuleVerdict.Pass;
        for (var i = 0; i < input.Cdr.Periods.Count; i++)
        {
            var period = input.Cdr.Periods[i];
            if (period.Start.ToInstant() > period.End.ToInstant())
                return RuleVerdict.Fail($"period {i + 1} starts after it ends");
            if (period.Start.ToInstant() < start.ToInstant() || period.End.ToInstant() > end.ToInstant())
                return RuleVerdict.Fail($"period {i + 1} ({period.Start} to {period.End}) is not inside the session ({start} to {end})");
        }
        return RuleVerdict.Pass;
    }

    public static RuleVerdict CheckPeriodCost(PlausibilityInput input)
    {
        for (var i = 0; i < input.Cdr.Periods.Count; i++)
        {
            var period = input.Cdr.Periods[i];
            if (period.PeriodCost is { } stated && Cents(stated) != Cents(period.BillingValue * period.ItemPrice))
                return RuleVerdict.Fail($"period {i + 1} costs {stated}, but {period.BillingValue} × {period.ItemPrice} = {Cents(period.BillingValue * period.ItemPrice)}");
        }
        return RuleVerdict.Pass;
    }

    public static RuleVerdict CheckTotalCost(PlausibilityInput input) =>
        input.Cdr.TotalCost is { } total && Cents(total) != Cents(SumOfPeriods(input.Cdr))
            ? RuleVerdict.Fail($"total cost {total} is not the sum of the periods' costs {Cents(SumOfPeriods(input.Cdr))}")
            : RuleVerdict.Pass;

    public static RuleVerdict CheckCurrency(PlausibilityInput input) =>
        Iso4217Currencies.IsKnown(input.Cdr.Currency) ? RuleVerdict.Pass : RuleVerdict.Fail($"'{input.Cdr.Currency}' is not an ISO 4217 currency code");

    public static RuleVerdict CheckNoDuplicate(PlausibilityInput input) =>
        CdrStatusMachine.Decide(input.CurrentStatus, CdrStatusMachine.UploadOf(input.Cdr.Status)) is { Allowed: false } refused
            ? RuleVerdict.Fail($"CdrId {input.Cdr.CdrId} is already known: {refused.Refusal}")
            : RuleVerdict.Pass;

    public static RuleVerdict CheckMaxEnergy(PlausibilityInput input)
    {
        var energy = input.Cdr.Periods.Where(p => p.BillingItem == "energy").Sum(p => p.BillingValue);
        return input.Limits?.MaxEnergyKwh is { } max && energy > max
            ? RuleVerdict.Fail($"{energy} kWh is over the connection's limit of {max} kWh")
            : RuleVerdict.Pass;
    }

    public static RuleVerdict CheckMaxDuration(PlausibilityInput input)
    {
        if (input.Limits?.MaxDurationMinutes is not { } max || input.Cdr.Start is not { } start || input.Cdr.End is not { } end)
            return RuleVerdict.Pass;
        var minutes = (end.ToInstant() - start.ToInstant()).TotalMinutes;
        return minutes > max ? RuleVerdict.Fail($"the session lasted {minutes:0.##} minutes, over the connection's limit of {max}") : RuleVerdict.Pass;
    }

    public static RuleVerdict CheckMaxCost(PlausibilityInput input)
    {
        var cost = input.Cdr.TotalCost ?? SumOfPeriods(input.Cdr);
        return input.Limits?.MaxCost is { } max && cost > max
            ? RuleVerdict.Fail($"{cost} {input.Cdr.Currency} is over the connection's limit of {max} {input.Cdr.Currency}")
            : RuleVerdict.Pass;
    }

    /// <summary>Σ of the periods' costs: the stated period cost, else billing value × item price.</summary>
    public static decimal SumOfPeriods(CdrForClearing cdr) => cdr.Periods.Sum(p => p.PeriodCost ?? p.BillingValue * p.ItemPrice);

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
