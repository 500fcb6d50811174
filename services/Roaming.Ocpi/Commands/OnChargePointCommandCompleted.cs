using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ocpi.Feeding;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Pushing;

namespace Roaming.Ocpi.Commands;

/// <summary>A charger answered one of the commands partners sent us: POST the CommandResult to the e-MSP's response_url.</summary>
public sealed class OnChargePointCommandCompleted(IOcpiStore store, IClock clock) : IConsumer<ChargePointCommandCompleted>
{
    /// <summary>
    /// OCPI CommandResultType of a charger's answer. A refused ReserveNow says why (OCPP ReservationStatus in the detail):
    /// Occupied is EVSE_OCCUPIED, Faulted and Unavailable are EVSE_INOPERATIVE.
    /// </summary>
    public static string ResultOf(string status, string? detail = null) => (status, detail) switch
    {
        (ChargePointCommandStatuses.Accepted, _) => "ACCEPTED",
        (ChargePointCommandStatuses.Rejected, "Occupied") => "EVSE_OCCUPIED",
        (ChargePointCommandStatuses.Rejected, "Faulted" or "Unavailable") => "EVSE_INOPERATIVE",
        (ChargePointCommandStatuses.Rejected, _) => "REJECTED",
        (ChargePointCommandStatuses.Timeout, _) => "TIMEOUT",
        (ChargePointCommandStatuses.NotConnected, _) => "EVSE_INOPERATIVE",
        (ChargePointCommandStatuses.UnknownReservation, _) => "UNKNOWN_RESERVATION",
        _ => "FAILED",
    };

    public static JsonObject CommandResult(ChargePointCommandCompleted completed)
    {
        var result = new JsonObject { ["result"] = ResultOf(completed.Status, completed.Detail) };
        if (!string.IsNullOrEmpty(completed.Detail))
            result["message"] = new JsonArray(new JsonObject { ["language"] = "en", ["text"] = completed.Detail.Length > 512 ? completed.Detail[..512] : completed.Detail });
        return result;
    }

    public async Task Consume(ConsumeContext<ChargePointCommandCompleted> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnChargePointCommandCompleted), now);
        if (session is null)
            return;
        var log = await session.LoadAsync<CommandLog>(context.Message.CommandId.ToString(), context.CancellationToken);
        if (log is null || log.Direction != "received" || log.AnsweredAt is not null)
        {
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }
        var result = CommandResult(context.Message);
        session.Events.Append(log.Id, new CommandAnswered(context.Message.CommandId, result["result"]!.GetValue<string>(), context.Message.Detail, now));
        await DeliveryPlanner.Store(session, [new Delivery($"{log.PartnerId}/command-result/{log.Id}", log.PartnerId, Modules.Commands, "POST", log.ResponseUrl!,
            result.ToJsonString(), null, null, DeliveryStatus.Queued, 0, now, now, null, null)], context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
