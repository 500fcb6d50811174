using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Routing;
using Roaming.Settlement.Disputes.Getting;
using Roaming.Settlement.Disputes.Opening;
using Roaming.Settlement.Disputes.Resolving;

namespace Roaming.Settlement.Disputes;

internal sealed class DisputesCapability : ISettlementCapability
{
    public void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventTypes([typeof(DisputeOpened), typeof(DisputeResolved), typeof(DisputeReportedOnStatement)]);
        options.Projections.Add<DisputeProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Dispute>().Index(d => d.CdrId).Index(d => d.OperatorId).Index(d => d.ProviderId).Index(d => d.Status);
    }

    public void MapEndpoints(RouteGroupBuilder api)
    {
        api.MapOpenDispute();
        api.MapResolveDispute();
        api.MapGetDisputes();
    }
}
