using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Platform.Validation;
using Roaming.Tokens.Tokens.Ocpi;
using Roaming.Tokens.Tokens.Putting;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Contracts.Validation;

namespace Roaming.Tokens.Tokens.Receiving;

/// <summary>A partner e-MSP pushed a token over OCPI: keep it like an operator-put token, so chargers are answered from it.</summary>
public sealed class OnPartnerTokenReceived(ITokensStore store, TokenHolderData holderData, IClock clock, ILogger<OnPartnerTokenReceived> logger) : IConsumer<PartnerTokenReceived>
{
    public async Task Consume(ConsumeContext<PartnerTokenReceived> context)
    {
        // OCPI sends the holder's fields as it keeps them, encrypted under their contract's key: they are checked in
        // clear and stored protected again (Protect names the same subject, so the same key and the same forget).
        using var document = JsonDocument.Parse(context.Message.TokenJson);
        var readErrors = new FieldErrors();
        var received = OcpiJson.Deserialize<Token>(document.RootElement, readErrors);
        var token = received is null ? null : await holderData.Reveal(received, context.CancellationToken);
        var errors = token is null ? readErrors : TokenValidation.Validate(token);
        if (token is null || !errors.IsValid)
        {
            logger.LogWarning("Partner {Partner} token {Uid} is not a valid OCPI token: {Errors}", context.Message.PartnerId,
                context.Message.Uid, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(new EventContext($"partner:{context.Message.PartnerId}", now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        if (!await session.TryMarkHandled(nameof(OnPartnerTokenReceived), context.MessageId, now, context.CancellationToken))
            return;
        var put = PutToken.Decide(token, now);
        session.Events.Append(put.TokenKey, put with { Token = await holderData.Protect(put.Token, context.CancellationToken) });
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
