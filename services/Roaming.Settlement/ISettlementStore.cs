using Marten;

namespace Roaming.Settlement;

/// <summary>Settlement's own Marten store (schema <c>settlement</c>): agreements, the CDR ledger, statements, disputes, payments and employer reimbursement.</summary>
public interface ISettlementStore : IDocumentStore;
