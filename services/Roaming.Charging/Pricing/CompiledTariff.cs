using Roaming.Charging.Tariffs;

namespace Roaming.Charging.Pricing;

/// <summary>
/// A tariff validated once and compiled for pricing: restrictions parsed into plain comparisons, the points where its
/// prices can change, the first component per dimension of each element, and a memo of component selections. Immutable
/// and thread-safe, so one instance can be cached per tariff version and shared by every CDR priced with it; pricing with
/// it gives exactly the result of pricing with the <see cref="Tariff"/> itself. Made by <see cref="TariffCalculator.Compile"/>.
/// </summary>
public sealed class CompiledTariff
{
    internal CompiledTariff(Tariff tariff)
    {
        Tariff = tariff;
        Rules = new TariffRules(tariff);
        PricedDimensions = tariff.Elements.SelectMany(e => e.PriceComponents).Select(c => c.Type).ToHashSet();
    }

    public Tariff Tariff { get; }

    internal TariffRules Rules { get; }

    /// <summary>Dimensions some component of the tariff prices; a volume in another dimension needs no "not priced" line.</summary>
    internal IReadOnlySet<TariffDimensionType> PricedDimensions { get; }
}
