using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;

namespace Roaming.Audit.SealingHost;

public interface ILedgerStore : IDocumentStore;

public sealed record EntryPosted(string Account, decimal Amount, string Memo);

/// <summary>A service with nothing but a sealed event log, and an operator endpoint to append to it.</summary>
public sealed class LedgerModule : IRoamingModule
{
    public const string ServiceName = "ledger";

    public string Name => ServiceName;

    public void AddServices(IHostApplicationBuilder builder) =>
        builder.AddServiceStore<ILedgerStore>(ServiceName, options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AddEventType<EntryPosted>();
        });

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapOperatorApi().MapPost("/ledger/{account}", async (string account, decimal amount, ILedgerStore store) =>
        {
            await using var session = store.LightweightSession();
            session.Events.Append(account, new EntryPosted(account, amount, "posted by the operator"));
            await session.SaveChangesAsync();
            return Results.Accepted();
        });
}
