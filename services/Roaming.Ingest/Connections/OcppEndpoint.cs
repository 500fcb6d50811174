using System.Net.WebSockets;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Recording;
using Roaming.Platform.Security;

namespace Roaming.Ingest.Connections;

/// <summary>
/// <c>/ocpp/{chargePointId}</c>: WebSocket upgrade with sub-protocol negotiation (<c>ocpp2.0.1</c>, <c>ocpp1.6</c>) and
/// Basic auth (security profiles 1 and 2). An unknown charger or a wrong password is refused with 401 before the
/// upgrade, and nothing else happens.
/// </summary>
public static class OcppEndpoint
{
    public static void MapOcppEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map("/ocpp/{chargePointId}", Handle).WithName("OcppWebSocket");

    private static async Task Handle(HttpContext context, string chargePointId, IIngestStore store, ConnectionRegistry registry,
        FrameJournal journal, OcppSchemas schemas, ConnectionPresence presence, IClock clock, IOptions<IngestLimits> limits, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Roaming.Ingest.Ocpp");
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("OCPP-J needs a WebSocket upgrade.");
            return;
        }

        if (limits.Value.RequireTls && !context.Request.IsHttps)
        {
            logger.LogWarning("Refused connection of {ChargePoint} without TLS (Roaming:Ingest:RequireTls)", chargePointId);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("This CSMS requires TLS (OCPP security profile 2): connect with wss://.");
            return;
        }

        // Held until the connection is registered (see ConnectionRegistry.Gate); released early on every refusal.
        using var gate = await registry.Gate(chargePointId, context.RequestAborted);
        var chargePoint = await Authenticate(context, chargePointId, store, context.RequestServices.GetRequiredService<VerifiedPasswords>());
        if (chargePoint is null)
        {
            logger.LogWarning("Refused connection of {ChargePoint} from {Remote}: unknown charger or wrong password",
                chargePointId, context.Connection.RemoteIpAddress);
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"roaming\"";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var subprotocol = OcppSubprotocol.Negotiate(context.WebSockets.WebSocketRequestedProtocols);
        if (subprotocol is null)
        {
            logger.LogWarning("Refused connection of {ChargePoint}: no supported sub-protocol in {Offered}",
                chargePointId, string.Join(",", context.WebSockets.WebSocketRequestedProtocols));
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"No supported OCPP sub-protocol; this CSMS speaks {OcppSubprotocol.V201} and {OcppSubprotocol.V16}.");
            return;
        }

        var options = limits.Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = subprotocol,
            KeepAliveInterval = options.PingInterval,
            KeepAliveTimeout = options.PingTimeout,
        });
        var protocol = context.RequestServices.GetRequiredKeyedService<IChargePointProtocol>(OcppSubprotocol.ToVersion(subprotocol));
        var connection = new ChargePointConnection(chargePointId, socket, chargePoint, protocol, schemas, journal, clock, options, logger);
        var replaced = registry.Replace(connection);
        gate.Dispose();
        if (replaced is not null)
        {
            logger.LogInformation("{ChargePoint} reconnected; closing its previous connection", chargePointId);
            await replaced.CloseReplaced();
        }
        logger.LogInformation("{ChargePoint} connected with {Subprotocol}", chargePointId, subprotocol);
        await presence.Connected(connection);
        try
        {
            await connection.Run(context.RequestAborted);
        }
        finally
        {
            registry.Remove(connection);
            await presence.Disconnected(connection);
        }
    }

    private static async Task<ChargePoint?> Authenticate(HttpContext context, string chargePointId, IIngestStore store, VerifiedPasswords passwords)
    {
        var password = BasicCredentials.PasswordFor(chargePointId, context.Request.Headers.Authorization);
        if (password is null)
            return null;
        await using var session = store.QuerySession();
        var chargePoint = await ChargePointDocuments.Load(session, chargePointId, context.RequestAborted);
        return chargePoint is { IsRegistered: true } && passwords.Verify(chargePointId, password, chargePoint.PasswordHash) ? chargePoint : null;
    }
}
