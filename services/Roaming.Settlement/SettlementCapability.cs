using Marten;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Roaming.Settlement;

/// <summary>
/// One capability of the settlement service (agreements, ledger, disputes, statements, payments, documents,
/// reimbursement): what it adds to the service's store, container, bus and operator API. The module composes them, so a
/// capability's registrations live in its own folder, next to its slices.
/// </summary>
internal interface ISettlementCapability
{
    void AddServices(IHostApplicationBuilder builder) { }

    /// <summary>Event types, projections, documents and indexes in the settlement store.</summary>
    void ConfigureStore(StoreOptions options) { }

    void AddConsumers(IRegistrationConfigurator consumers) { }

    /// <summary>Endpoints under the operator API (<c>/api</c>, admin key).</summary>
    void MapEndpoints(RouteGroupBuilder api) { }
}
