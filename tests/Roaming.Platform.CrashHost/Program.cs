using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Roaming.Platform.CrashHost;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

// Usage: crash-host <postgres> <schema-prefix> <inmemory|rabbitmq> <rabbit-uri> <urls> [batch|single] [admin-key retry-ms,retry-ms...]
// POST /append?count=N[&streams=S][&first=F] appends N events for work F..F+N-1 (F defaults to 0; each its own commit; work
// n on stream work-(n mod S) when S > 1, so a later call continues the same streams round robin); consumers apply a
// non-idempotent effect per message, slowly, so that a kill -9 lands between appends and their consumers. With "batch"
// (mediator only) a batch consumer applies each outbox page's messages in one commit, so the kill lands in the middle
// of a batch. POST/DELETE /poison?number=N makes the effect consumer (single or batch) throw for work N, or no longer;
// another service's consumer (WorkAuditor) sees every message either way.
var modules = new IRoamingModule[] { new CrashModule(args.Length > 5 && args[5] == "batch") };
var builder = RoamingApplication.CreateBuilder([], modules, options =>
{
    options.Postgres = args[0];
    options.SchemaPrefix = args[1];
    options.Transport = Enum.Parse<TransportKind>(args[2], ignoreCase: true);
    options.RabbitMq = args[3];
    if (args.Length > 7)
    {
        options.AdminKey = args[6];
        options.MessageRetryIntervals = args[7].Split(',').Select(ms => TimeSpan.FromMilliseconds(int.Parse(ms))).ToArray();
    }
});
builder.WebHost.UseUrls(args[4]);
var app = RoamingApplication.Build(builder, modules);
await app.RunAsync();

namespace Roaming.Platform.CrashHost
{
    public interface ICrashStore : IDocumentStore;

    public sealed record WorkRequested(int Number);

    public sealed record EffectApplied(Guid MessageId, int Number);

    public sealed record WorkSeen(Guid MessageId, int Number);

    /// <summary>Work whose effect consumer throws while this document exists.</summary>
    public sealed record Poison(string Id);

    internal static class Poisoning
    {
        public static async Task ThrowIfPoisoned(IQuerySession session, int number, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<Poison>(number.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken) is not null)
                throw new InvalidOperationException($"work {number} is poisoned");
        }
    }

    public sealed class CrashModule(bool batch) : IRoamingModule
    {
        public string Name => "crash";

        public void AddServices(IHostApplicationBuilder builder)
        {
            builder.Services.AddSingleton<IIntegrationEventMap<ICrashStore>, CrashEventMap>();
            if (batch)
                builder.Services.AddSingleton<IIntegrationBatchConsumer, WorkBatchConsumer>();
            builder.AddServiceStore<ICrashStore>("crash", options =>
            {
                options.Events.StreamIdentity = StreamIdentity.AsString;
                options.Events.AddEventType<WorkRequested>();
                options.Events.AddEventType<EffectApplied>();
                options.Events.AddEventType<WorkSeen>();
                options.Schema.For<Poison>();
            });
        }

        public void AddConsumers(IRegistrationConfigurator consumers)
        {
            if (!batch)
                consumers.AddConsumer<WorkConsumer>();
            consumers.AddConsumer<WorkAuditor>();
        }

        public void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
            endpoints.MapPost("/append", async (int count, int? streams, int? first, ICrashStore store) =>
            {
                for (var number = first ?? 0; number < (first ?? 0) + count; number++)
                {
                    await using var session = store.LightweightSession();
                    session.Events.Append(streams is > 1 ? $"work-{number % streams}" : "work", new WorkRequested(number));
                    await session.SaveChangesAsync();
                }
                return Results.Ok();
            });
            endpoints.MapPost("/poison", async (int number, ICrashStore store) =>
            {
                await using var session = store.LightweightSession();
                session.Store(new Poison(number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                await session.SaveChangesAsync();
                return Results.Ok();
            });
            endpoints.MapDelete("/poison", async (int number, ICrashStore store) =>
            {
                await using var session = store.LightweightSession();
                session.Delete<Poison>(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await session.SaveChangesAsync();
                return Results.Ok();
            });
        }
    }

    internal sealed class CrashEventMap : IIntegrationEventMap<ICrashStore>
    {
        public object? ToMessage(IEvent stored) =>
            stored.Data is WorkRequested work ? new Contracts.WorkToDo(work.Number) : null;
    }

    internal sealed class WorkConsumer(ICrashStore store, IClock clock) : IConsumer<Contracts.WorkToDo>
    {
        public async Task Consume(ConsumeContext<Contracts.WorkToDo> context)
        {
            await using var session = store.LightweightSession();
            if (!await session.TryMarkHandled(nameof(WorkConsumer), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
                return;
            await Poisoning.ThrowIfPoisoned(session, context.Message.Number, context.CancellationToken);
            await Task.Delay(15, context.CancellationToken);
            session.Events.Append("effects", new EffectApplied(context.MessageId!.Value, context.Message.Number));
            await session.SaveChangesAsync(context.CancellationToken);
        }
    }

    /// <summary>Another service's consumer of the same message: a message parked for <see cref="WorkConsumer"/> still reaches it.</summary>
    internal sealed class WorkAuditor(ICrashStore store, IClock clock) : IConsumer<Contracts.WorkToDo>
    {
        public async Task Consume(ConsumeContext<Contracts.WorkToDo> context)
        {
            await using var session = store.LightweightSession();
            if (!await session.TryMarkHandled(nameof(WorkAuditor), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
                return;
            session.Events.Append("seen", new WorkSeen(context.MessageId!.Value, context.Message.Number));
            await session.SaveChangesAsync(context.CancellationToken);
        }
    }

    internal sealed class WorkBatchConsumer(ICrashStore store, IClock clock) : IIntegrationBatchConsumer
    {
        public bool Handles(Type messageType) => messageType == typeof(Contracts.WorkToDo);

        public async Task Consume(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            foreach (var message in await session.MarkUnhandled(messages, _ => nameof(WorkConsumer), clock.GetCurrentInstant(), cancellationToken))
            {
                await Poisoning.ThrowIfPoisoned(session, ((Contracts.WorkToDo)message.Message).Number, cancellationToken);
                await Task.Delay(15, cancellationToken);
                session.Events.Append("effects", new EffectApplied(message.MessageId, ((Contracts.WorkToDo)message.Message).Number));
            }
            await session.SaveChangesAsync(cancellationToken);
        }
    }
}

namespace Roaming.Platform.CrashHost.Contracts
{
    public sealed record WorkToDo(int Number);
}
