using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Marten;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Transport;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>
/// <c>POST receiver/cdrs</c> by an OCPI CPO participant: the CDR is not forwarded but handed to the clearing workflow
/// (<see cref="SubmitCdrs"/>, protocol <c>ocpi-2.2.1</c>, the JSON as received), which checks it with the plausibility
/// rules and, once accepted, sends it on to the e-MSP (<see cref="OnCdrClearingStatusChanged"/>). Answers: accepted or
/// revised 1000 (201) with the CDR's hub URL in <c>Location</c>; implausible or not connected 2001 with the rule and the
/// reason (Clearing keeps the CDR; the CPO may fix it and push it again); a CDR breaking OCPI's rules 2001 and nothing
/// sent; no answer from clearing in time 3000 (push again later: the same CDR is the same clearing CDR).
/// </summary>
public sealed class ReceiveHubCdr(IOcpiStore store, IClock clock, IOptions<OcpiOptions> options, ILogger<ReceiveHubCdr> logger)
{
    /// <summary>The hub's CDR URL below the base URL (H1's hub routes; the receiver path the CPO pushed to).</summary>
    public const string HubCdrsPath = "/ocpi/hub/2.2.1/receiver/cdrs";

    /// <summary>A rule whose failure means the CDR is already in clearing as it is: the push is a replay, answered as taken.</summary>
    private const string NoDuplicate = "no-duplicate";

    public async Task<OcpiResult> Handle(HubCall call, JsonElement body, HttpContext http)
    {
        var answer = await Receive(call, body, http);
        if (answer.StatusCode != OcpiStatus.Success)
            logger.LogWarning("Hub CDR from partner {Partner} ({Participant}) refused: {Status} {Message}", call.Platform.Id, call.ParticipantId,
                answer.StatusCode, answer.Message);
        return answer;
    }

    /// <summary>
    /// A CDR's tariffs are optional in OCPI: when it names tariffs in its periods but carries none, the prices come from the
    /// tariffs the CPO broadcast to the hub (only for the clearing facts; the document stays as the CPO sent it).
    /// </summary>
    private async Task<Cdr> WithTariffs(Cdr cdr, CancellationToken cancellation)
    {
        var named = (cdr.ChargingPeriods ?? []).Select(p => p.TariffId).OfType<string>().Distinct().ToList();
        if (cdr.Tariffs is { Count: > 0 } || named.Count == 0 || cdr.CountryCode is null || cdr.PartyId is null)
            return cdr;
        await using var session = store.QuerySession();
        var kept = await session.LoadManyAsync<Broadcast.HubObject>(cancellation,
            named.Select(id => Broadcast.HubObject.KeyFor(Modules.Tariffs, cdr.CountryCode, cdr.PartyId, id)).ToArray());
        var tariffs = kept.Select(t => JsonSerializer.Deserialize<Roaming.Protocols.Ocpi.Tariffs.Tariff>(t.Json, OcpiJson.Options)).OfType<Roaming.Protocols.Ocpi.Tariffs.Tariff>()
            .ToList();
        return tariffs.Count == 0 ? cdr : cdr with { Tariffs = tariffs };
    }

    private async Task<OcpiResult> Receive(HubCall call, JsonElement body, HttpContext http)
    {
        if (!string.Equals(call.Method, "POST", StringComparison.OrdinalIgnoreCase) || call.Path.Count > 0)
            return OcpiResult.MethodNotAllowed("CDRs are pushed to the hub with POST receiver/cdrs");
        if (!OcpiJson.TryRead<Cdr>(body, CdrValidation.Validate, out var cdr, out var errors))
            return OcpiResult.InvalidParameters(ReceivedObjects.Describe(errors));
        var address = ReceiveCdr.AddressOf(body);
        if (ReceivedObjects.RefuseParty(call.Platform, address) is { } refused)
            return refused;

        var forClearing = OcpiCdrForClearing.Map(await WithTariffs(cdr, http.RequestAborted), body.GetRawText());
        var clearing = http.RequestServices.GetRequiredService<IRequestClient<SubmitCdrs>>();
        CdrSubmissionOutcome outcome;
        try
        {
            var submitted = await clearing.GetResponse<CdrsSubmitted>(
                new SubmitCdrs(call.ParticipantId, $"ocpi:{call.Platform.Id}", [forClearing], clock.GetCurrentInstant()), http.RequestAborted,
                RequestTimeout.After(ms: (int)options.Value.RequestTimeout.TotalMilliseconds));
            outcome = submitted.Message.Outcomes.Single();
        }
        catch (RequestTimeoutException)
        {
            return OcpiResult.Error(OcpiStatus.ServerError, "The clearing workflow did not answer in time; push the CDR again later");
        }

        var location = OcpiUrls.BaseUrl(http.Request) + HubCdrsPath + "/" + string.Join('/',
            new[] { address.CountryCode, address.PartyId, address.ObjectId }.Select(Uri.EscapeDataString));
        return outcome.Outcome switch
        {
            CdrSubmissionOutcomes.Accepted or CdrSubmissionOutcomes.Revised or CdrSubmissionOutcomes.Rejected =>
                new OcpiResult(HttpStatusCode.Created, OcpiStatus.Success, $"{outcome.Outcome} by clearing as {outcome.CdrId}", null).WithHeader("Location", location),
            _ when outcome.FailedRule == NoDuplicate => OcpiResult.Ok().WithHeader("Location", location),
            _ => OcpiResult.InvalidParameters($"{outcome.Outcome} ({outcome.FailedRule}): {outcome.Reason}").WithHeader("Location", location),
        };
    }
}
