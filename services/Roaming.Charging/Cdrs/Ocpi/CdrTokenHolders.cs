using Roaming.Platform.Sealing.Shredding;

namespace Roaming.Charging.Cdrs.Ocpi;

/// <summary>
/// A <c>cdr_token</c>'s contract id is kept as Tokens sent it, encrypted under the holder's key, in Charging's token
/// snapshots, CDR events and CDR read model (so <c>roaming audit forget</c> of the holder reaches them too). It is
/// revealed only in what Charging answers: the holder's contract id while the key exists, <c>[erased]</c> after.
/// </summary>
public sealed class CdrTokenHolders(SubjectKeyVault vault)
{
    public async Task<CdrToken> Reveal(CdrToken token, CancellationToken cancellation) => (await Reveal([token], cancellation))[0];

    /// <summary>Several tokens with one key lookup.</summary>
    public async Task<IReadOnlyList<CdrToken>> Reveal(IReadOnlyList<CdrToken> tokens, CancellationToken cancellation)
    {
        var contracts = await vault.Reveal(tokens.Select(token => (string?)token.ContractId).ToArray(), cancellation);
        return tokens.Select((token, index) => token with { ContractId = contracts[index]! }).ToList();
    }

    public async Task<IReadOnlyList<Cdr>> Reveal(IReadOnlyList<Cdr> cdrs, CancellationToken cancellation)
    {
        var tokens = await Reveal(cdrs.Select(cdr => cdr.CdrToken).ToList(), cancellation);
        return cdrs.Select((cdr, index) => cdr with { CdrToken = tokens[index] }).ToList();
    }
}
