using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Routing;
using Roaming.Settlement.Payments.Recording;

namespace Roaming.Settlement.Payments;

internal sealed class PaymentsCapability : ISettlementCapability
{
    public void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventType<PaymentRecorded>();
        options.Projections.Add<StatementPaymentsProjection>(ProjectionLifecycle.Inline);
    }

    public void MapEndpoints(RouteGroupBuilder api) => api.MapRecordPayment();
}
