using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Routing;
using Roaming.Settlement.Agreements.Getting;
using Roaming.Settlement.Agreements.Putting;

namespace Roaming.Settlement.Agreements;

internal sealed class AgreementsCapability : ISettlementCapability
{
    public void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventTypes([typeof(AgreementMade), typeof(AgreementChanged)]);
        options.Projections.Add<AgreementProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Agreement>().Index(a => a.OperatorId).Index(a => a.ProviderId);
    }

    public void MapEndpoints(RouteGroupBuilder api)
    {
        api.MapPutAgreement();
        api.MapGetAgreements();
    }
}
