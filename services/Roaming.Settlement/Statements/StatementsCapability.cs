using Roaming.Platform.Hosting;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Roaming.Platform.Scheduling;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Statements.Closing;
using Roaming.Settlement.Statements.Getting;

namespace Roaming.Settlement.Statements;

/// <summary>Period closes (manual and scheduled), the issued statements and their exports.</summary>
internal sealed class StatementsCapability : ISettlementCapability
{
    /// <summary>How often the scheduled close looks for due periods (a TimeSpan, e.g. <c>01:00:00</c>).</summary>
    public const string CloseIntervalSetting = "Roaming:Settlement:CloseInterval";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PeriodCloser>();
        var interval = builder.Configuration.PositiveDuration(CloseIntervalSetting, TimeSpan.FromHours(1));
        builder.Services.AddRoamingJobs(quartz => quartz.ScheduleJob<ScheduledClose>(trigger => trigger
            .WithIdentity("settlement-close")
            .StartAt(DateTimeOffset.UtcNow + interval)
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever())));
    }

    public void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventType<StatementClosed>();
        options.Schema.For<Statement>().Index(s => s.OperatorId).Index(s => s.ProviderId).Index(s => s.Period);
        options.Schema.For<IssuerSequence>();
        // The close streams one agreement's ledger; without this it would scan every agreement's CDRs.
        options.Schema.For<LedgerCdr>().Index(c => new { c.OperatorId, c.ProviderId }, index => index.Name = "mt_doc_ledgercdr_idx_agreement");
    }

    public void MapEndpoints(RouteGroupBuilder api)
    {
        api.MapClosePeriod();
        api.MapGetStatements();
        api.MapExportStatement();
    }
}
