using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Roaming.Settlement.Reimbursement;
using Roaming.Settlement.Reimbursement.Closing;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using Xunit;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>The scheduled close on real PostgreSQL: every ended month of every employer, once.</summary>
public sealed class ReimbursementCloseJobTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }

    [Fact]
    public async Task the_job_closes_each_ended_month_of_each_employer_once()
    {
        foreach (var employer in new[] { "job-a", "job-b" })
        {
            (await host.Api.PutAsJsonAsync($"/api/settlement/employers/{employer}", new { name = employer, currency = "EUR", time_zone = "Europe/Berlin" }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
            (await host.Api.PutAsJsonAsync($"/api/settlement/employers/{employer}/employees/e1", new
                {
                    employee_number = "1", name = "E One", country = "DE", meter_ids = new[] { $"MID-{employer}" },
                    reimbursement_rate = new { tariff = System.Text.Json.Nodes.JsonNode.Parse(ReimbursementSamples.FixedTariffJson(0.3m)) },
                }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var registered = SystemClock.Instance.GetCurrentInstant();
        var later = registered + Duration.FromDays(70);
        var job = new ReimbursementCloseJob(host.Store, new FixedClock(later), new ReimbursementCloseJob.Settings(Duration.FromDays(1)),
            NullLogger<ReimbursementCloseJob>.Instance);

        await job.Execute(null!, CancellationToken.None);
        await job.Execute(null!, CancellationToken.None);

        var months = ReimbursementCloseJob.EndedMonths(ReimbursementSamples.Employer() with { RegisteredAt = registered }, later, Duration.FromDays(1))
            .Select(ReimbursementPeriod.Name).ToList();
        months.Count.ShouldBeGreaterThanOrEqualTo(1);
        foreach (var employer in new[] { "job-a", "job-b" })
        {
            foreach (var month in months)
            {
                var closed = await host.Stream($"reimbursement-period:{employer}:{month}");
                closed.Select(e => e.Data).ShouldHaveSingleItem().ShouldBeOfType<ReimbursementPeriodClosed>().Actor.ShouldBe("system:reimbursement-close-job");
                var statement = await host.Json($"/api/settlement/reimbursements/{employer}:e1:{month}");
                statement.GetProperty("total_amount").GetDecimal().ShouldBe(0m);
            }
        }
    }
}
