using Marten;

namespace Roaming.Tokens;

/// <summary>Tokens' own Marten store (schema <c>tokens</c>): own and partner e-MSP tokens.</summary>
public interface ITokensStore : IDocumentStore;
