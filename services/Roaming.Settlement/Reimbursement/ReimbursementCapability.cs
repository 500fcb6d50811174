using Roaming.Platform.Hosting;
using Marten;
using JasperFx.Events.Projections;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Microsoft.Extensions.Hosting;
using Quartz;
using Roaming.Platform.Scheduling;
using Roaming.Settlement.Reimbursement.Closing;
using Roaming.Settlement.Reimbursement.Employees;
using Roaming.Settlement.Reimbursement.Employers;
using Roaming.Settlement.Reimbursement.Exports;
using Roaming.Settlement.Reimbursement.Reviewing;
using Roaming.Settlement.Reimbursement.Sessions;

namespace Roaming.Settlement.Reimbursement;

/// <summary>
/// Employer reimbursement of home charging: employers and employees, the sessions of their home chargers, MID meters and
/// company tokens, the monthly statements with the employee's review, and the payroll and PDF exports.
/// </summary>
internal sealed class ReimbursementCapability : ISettlementCapability
{
    public const string CloseIntervalSetting = "Roaming:Settlement:ReimbursementCloseInterval";
    public const string CloseGraceSetting = "Roaming:Settlement:ReimbursementCloseGrace";

    public void AddServices(IHostApplicationBuilder builder)
    {
        // The close runs where the daemon runs: one process per service (as Ingest's sweep).
        if (!builder.Configuration.GetValue("Roaming:RunDaemon", true))
            return;
        var every = builder.Configuration.PositiveDuration(CloseIntervalSetting, ReimbursementCloseJob.DefaultInterval);
        var grace = builder.Configuration.PositiveDuration(CloseGraceSetting, ReimbursementCloseJob.DefaultGrace);
        builder.Services.AddSingleton(new ReimbursementCloseJob.Settings(Duration.FromTimeSpan(grace)));
        builder.Services.AddRoamingJobs(quartz => quartz.ScheduleJob<ReimbursementCloseJob>(trigger => trigger
            .WithIdentity("settlement-reimbursement-close")
            .StartAt(DateTimeOffset.UtcNow + every)
            .WithSimpleSchedule(schedule => schedule.WithInterval(every).RepeatForever())));
    }

    public void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventTypes([
            typeof(EmployerRegistered), typeof(EmployerChanged), typeof(EmployeeRegistered), typeof(EmployeeChanged),
            typeof(HomeTransactionStarted), typeof(HomeTransactionMetered), typeof(HomeTransactionStopped), typeof(MeterReadingRecorded), typeof(RoamingCdrMatched),
            typeof(ReimbursementStatementIssued), typeof(ReimbursementLineConfirmed), typeof(ReimbursementLineDisputed), typeof(ReimbursementDisputeResolved),
            typeof(ReimbursementPeriodClosed),
        ]);
        options.Projections.Add<EmployerProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<EmployeeProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<HomeSessionProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ReimbursementStatementProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<HomeChargingClaim>();
        options.Schema.For<Employee>().Index(e => e.EmployerId);
        options.Schema.For<HomeSession>().Index(s => s.EmployerId).Index(s => s.StartUtc);
        options.Schema.For<ReimbursementStatement>().Index(s => s.EmployerId).Index(s => s.Period);
    }

    public void AddConsumers(IRegistrationConfigurator consumers)
    {
        consumers.AddConsumer<OnHomeChargerTransaction>();
        consumers.AddConsumer<OnCompanyTokenCdr>();
    }

    public void MapEndpoints(RouteGroupBuilder api)
    {
        api.MapPutEmployer();
        api.MapGetEmployer();
        api.MapPutEmployee();
        api.MapPostMeterReading();
        api.MapCloseReimbursements();
        api.MapReviewLine();
        api.MapGetReimbursements();
    }
}
