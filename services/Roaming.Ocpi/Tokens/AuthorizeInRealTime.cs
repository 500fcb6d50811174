using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Tokens;

/// <summary>
/// Answers Ingest's real-time authorization question (<see cref="AuthorizeTokenInRealTime"/>) for a charger: asks the
/// token's e-MSP with <c>POST {their tokens}/{uid}/authorize</c> and LocationReferences, within
/// <see cref="OcpiOptions.RealTimeAuthorizationTimeout"/> (below Ingest's own bound, so the answer still arrives in time).
/// A token of our own e-MSP party is answered as our tokens sender answers partners. Never throws: every failure is
/// an Unreachable answer, and Ingest applies the whitelist's fall-back.
/// </summary>
public sealed class OnAuthorizeTokenInRealTime(IOcpiStore store, OcpiClient client, OwnPlatform own, IOptions<OcpiOptions> options,
    ILogger<OnAuthorizeTokenInRealTime> logger) : IConsumer<AuthorizeTokenInRealTime>
{
    public async Task Consume(ConsumeContext<AuthorizeTokenInRealTime> context)
    {
        TokenAuthorizedInRealTime answer;
        try
        {
            answer = await Ask(context.Message, context.CancellationToken);
        }
        catch (Exception exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Real-time authorization of {Uid} for {CountryCode}*{PartyId} failed", context.Message.Uid,
                context.Message.CountryCode, context.Message.PartyId);
            answer = Unreachable(exception is OperationCanceledException ? "the e-MSP did not answer in time" : exception.Message);
        }
        await context.RespondAsync(answer);
    }

    private async Task<TokenAuthorizedInRealTime> Ask(AuthorizeTokenInRealTime question, CancellationToken cancellationToken)
    {
        var references = LocationReferences(question);
        await using var session = store.QuerySession();
        if (own.Is(question.CountryCode, question.PartyId))
        {
            var token = await session.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Tokens, own.CountryCode, own.PartyId, question.Uid, question.Type),
                cancellationToken);
            var decided = AuthorizeToken.Decide(token is { Owner: Owners.Self } ? token : null,
                references is null ? null : JsonSerializer.SerializeToElement(references), Guid.NewGuid().ToString());
            return decided.Data is JsonObject info ? Interpret(JsonSerializer.SerializeToElement(info), question) : Unknown("not one of our tokens");
        }

        var partners = await session.Query<Partner>().Where(p => p.ParticipantId == null).ToListAsync(cancellationToken);
        var partner = partners.FirstOrDefault(p => p.CanBeCalled && p.SpeaksFor(question.CountryCode, question.PartyId)
            && p.EndpointUrl("tokens", InterfaceRoles.Sender) is not null);
        if (partner is null)
            return Unreachable($"no registered partner with a tokens sender speaks for {question.CountryCode}*{question.PartyId}");

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.Value.RealTimeAuthorizationTimeout);
        var (target, answer) = await AuthorizeAtPartner.Ask(client, own, partner, partner.EndpointUrl("tokens", InterfaceRoles.Sender)!, question.Uid,
            question.Type, references?.ToJsonString(), (question.CountryCode, question.PartyId), bounded.Token);
        if (AuthorizeAtPartner.IsUnknownToken(answer))
            return Unknown(answer.Describe());
        return answer.IsSuccess && answer.Data is { ValueKind: JsonValueKind.Object } data
            ? Interpret(data, question)
            : Unreachable($"POST {target}: {answer.Describe()}");
    }

    /// <summary>
    /// AuthorizationInfo → the outcome. An ALLOWED that lists allowed EVSEs (<c>location.evse_uids</c>) none of which is
    /// at this charger is NOT_ALLOWED here. An allowed value OCPI 2.2.1 does not define is NOT_ALLOWED (the safe side). An
    /// authorization_reference longer than OCPI's 36 characters would make every Session and CDR we push invalid: it is dropped.
    /// </summary>
    public static TokenAuthorizedInRealTime Interpret(JsonElement info, AuthorizeTokenInRealTime question)
    {
        var allowed = info.TryGetProperty("allowed", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        var reference = info.TryGetProperty("authorization_reference", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
        var detail = $"the e-MSP answered {allowed}";
        if (reference is { Length: > 36 } tooLong)
        {
            detail = $"{detail}; its authorization_reference of {tooLong.Length} characters was dropped (OCPI allows 36)";
            reference = null;
        }
        string[] known =
        [
            RealTimeAuthorizationOutcomes.Allowed, RealTimeAuthorizationOutcomes.Blocked, RealTimeAuthorizationOutcomes.Expired,
            RealTimeAuthorizationOutcomes.NoCredit, RealTimeAuthorizationOutcomes.NotAllowed,
        ];
        var outcome = known.Contains(allowed) ? allowed : RealTimeAuthorizationOutcomes.NotAllowed;
        if (outcome == RealTimeAuthorizationOutcomes.Allowed && AllowedEvses(info) is { } evses && !evses.Intersect(question.EvseUids).Any())
            (outcome, detail) = (RealTimeAuthorizationOutcomes.NotAllowed, $"the e-MSP allows only the EVSEs {string.Join(", ", evses)}");
        return new TokenAuthorizedInRealTime(outcome, reference, detail);
    }

    private static IReadOnlyList<string>? AllowedEvses(JsonElement info) =>
        info.TryGetProperty("location", out var location) && location.ValueKind == JsonValueKind.Object
        && location.TryGetProperty("evse_uids", out var uids) && uids.ValueKind == JsonValueKind.Array && uids.GetArrayLength() > 0
            ? uids.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!).ToList()
            : null;

    /// <summary>The LocationReferences body of the authorize call: the charger's location and its EVSEs there.</summary>
    public static JsonObject? LocationReferences(AuthorizeTokenInRealTime question) => question.LocationId is null
        ? null
        : new JsonObject
        {
            ["location_id"] = question.LocationId,
            ["evse_uids"] = new JsonArray(question.EvseUids.Select(uid => (JsonNode)JsonValue.Create(uid)!).ToArray()),
        };

    private static TokenAuthorizedInRealTime Unknown(string detail) => new(RealTimeAuthorizationOutcomes.Unknown, null, detail);

    private static TokenAuthorizedInRealTime Unreachable(string detail) => new(RealTimeAuthorizationOutcomes.Unreachable, null, detail);
}
