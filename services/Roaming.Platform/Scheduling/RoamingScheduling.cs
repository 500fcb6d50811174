using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Roaming.Platform.Scheduling;

/// <summary>
/// Quartz is composed once per process (a second <c>AddQuartz</c> would claim the container's <see cref="IScheduler"/>
/// slot again and throw): modules contribute their jobs with <see cref="AddRoamingJobs"/> from <c>AddServices</c>, and
/// <see cref="RoamingApplication"/> calls <see cref="AddRoamingScheduling"/> once after every module has.
/// </summary>
public static class RoamingScheduling
{
    private sealed class Contributions
    {
        public List<Action<IQuartzBuilder>> Jobs { get; } = [];
    }

    /// <summary>Adds a module's jobs and triggers to the process's one scheduler.</summary>
    public static IServiceCollection AddRoamingJobs(this IServiceCollection services, Action<IQuartzBuilder> configure)
    {
        var contributions = services.FirstOrDefault(d => d.ServiceType == typeof(Contributions))?.ImplementationInstance as Contributions;
        if (contributions is null)
        {
            contributions = new Contributions();
            services.AddSingleton(contributions);
        }
        contributions.Jobs.Add(configure);
        return services;
    }

    /// <summary>Registers the scheduler and its hosted service, once, if any module added jobs (in memory: jobs are recurring sweeps that are safe to miss a run).</summary>
    public static void AddRoamingScheduling(this IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(Contributions))?.ImplementationInstance is not Contributions contributions)
            return;
        services.AddQuartz(quartz =>
        {
            foreach (var jobs in contributions.Jobs)
                jobs(quartz);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
    }
}
