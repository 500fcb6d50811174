using Npgsql;

namespace Roaming.Charging.Cdrs.Getting;

/// <summary>
/// The CDRs whose <c>cdr_token.contract_id</c> was encrypted under one subject's key (found by the key's value prefix,
/// without decrypting): billing records that <c>roaming audit forget</c> of that subject would erase the contract from.
/// </summary>
public static class CdrsOfSubject
{
    public static async Task<long> Count(string connectionString, string chargingSchema, string protectedPrefix, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var count = new NpgsqlCommand(
            $"select count(*) from {chargingSchema}.mt_doc_issuedcdr where strpos(data::text, @prefix) > 0", connection);
        count.Parameters.AddWithValue("prefix", protectedPrefix);
        try
        {
            return (long)(await count.ExecuteScalarAsync(cancellation))!;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }
}
