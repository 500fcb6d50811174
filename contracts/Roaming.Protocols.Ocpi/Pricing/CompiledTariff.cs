using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Pricing;

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
        foreach (var component in tariff.Elements.SelectMany(e => e.PriceComponents)) _pricedDimensions |= 1 << (int)component.Type;
    }

    public Tariff Tariff { get; }

    internal TariffRules Rules { get; }

    /// <summary>Bit n set: some component prices dimension n (a bit mask, not a set: it is asked for every period priced).</summary>
    private readonly int _pricedDimensions;

    /// <summary>Whether some component of the tariff prices the dimension; a volume in another dimension needs no "not priced" line.</summary>
    internal bool PricesDimension(TariffDimensionType type) => (_pricedDimensions & (1 << (int)type)) != 0;
}
