using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Roaming.Platform.Hosting;

namespace Roaming.Platform.Sealing.Shredding;

public static class SubjectKeyVaultRegistration
{
    /// <summary>
    /// The one vault every service shares: one key table (<c>&lt;prefix&gt;subject_keys.keys</c>) owned by Platform, so that
    /// one <c>roaming audit forget</c> destroys the key under which every service stored the subject's data.
    /// </summary>
    public static IServiceCollection AddSubjectKeyVault(this IServiceCollection services)
    {
        services.TryAddSingleton(provider =>
        {
            var roaming = provider.GetRequiredService<IOptions<RoamingOptions>>().Value;
            return new SubjectKeyVault(roaming.Postgres, roaming.SchemaPrefix);
        });
        return services;
    }
}
