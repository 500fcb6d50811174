using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Roaming.Platform.Security;

namespace Roaming.Platform.Sealing.Shredding;

/// <summary>
/// Crypto-shredding: personal data inside events is stored encrypted under a key of its own data subject (AES-256-GCM),
/// and forgetting the subject destroys the key. The events, their order and every leaf hash stay as they are (the
/// leaves are over the ciphertext), so the sealed chain keeps verifying while the personal data becomes unreadable.
/// <para>
/// A protected value names its key by a random key id, not by the subject: the subject (for a token holder, their
/// contract) is itself personal data and lives only in the key table, so forgetting it leaves nothing in the events
/// that leads back to the person. Keys live in one table, <c>&lt;prefix&gt;subject_keys.keys</c>, apart from the event
/// stores. Limits, on purpose for now: the keys are not wrapped by a key-encryption key from a KMS/HSM, and a database
/// backup keeps a forgotten key until the backup ages out (document both in the record of processing).
/// </para>
/// </summary>
public sealed class SubjectKeyVault(string connectionString, string schemaPrefix = "")
{
    /// <summary><c>enc:v1:&lt;key id&gt;:&lt;base64(nonce | ciphertext | tag)&gt;</c>.</summary>
    public const string Prefix = "enc:v1:";

    /// <summary>What a protected value reads as once its subject was forgotten.</summary>
    public const string Erased = "[erased]";

    private const int KeyIdLength = 32;

    private readonly string _table = $"{(schemaPrefix + "subject_keys").ToLowerInvariant()}.keys";
    private readonly string _schema = (schemaPrefix + "subject_keys").ToLowerInvariant();
    private volatile bool _created;

    public static bool IsProtected(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    public async Task EnsureCreated(CancellationToken cancellation)
    {
        if (_created)
            return;
        await using var connection = await Open(cancellation);
        await using var command = new NpgsqlCommand(
            $"create schema if not exists {_schema}; " +
            $"create table if not exists {_table} (subject text primary key, key bytea not null, created_at timestamptz not null default now()); " +
            // Tables made before values named their key by id gain the column (their rows were never referenced by events).
            $"alter table {_table} add column if not exists key_id text; " +
            $"create unique index if not exists keys_by_key_id on {_table} (key_id);",
            connection);
        await command.ExecuteNonQueryAsync(cancellation);
        _created = true;
    }

    /// <summary>Encrypts under the subject's key (created on first use); the key id is bound in as associated data.</summary>
    public async Task<string> Protect(string subject, string plaintext, CancellationToken cancellation) =>
        (await Protect(subject, [plaintext], cancellation))[0]!;

    /// <summary>Several values of one subject with one key lookup; nulls stay null.</summary>
    public async Task<string?[]> Protect(string subject, IReadOnlyList<string?> plaintexts, CancellationToken cancellation)
    {
        var (keyId, key) = await KeyOf(subject, cancellation);
        using var cipher = new TextCipher(key);
        var associated = Encoding.ASCII.GetBytes(keyId);
        return plaintexts.Select(plaintext => plaintext is null ? null : $"{Prefix}{keyId}:{Convert.ToBase64String(cipher.Seal(plaintext, associated))}")
            .ToArray();
    }

    /// <summary>The plaintext, or <see cref="Erased"/> once the subject has been forgotten. A value that is not protected is returned as it is.</summary>
    public async Task<string> Reveal(string value, CancellationToken cancellation) => (await Reveal([value], cancellation))[0]!;

    /// <summary>Several values with one key lookup and one cipher per key; nulls stay null, values not protected come back as they are.</summary>
    public async Task<string?[]> Reveal(IReadOnlyList<string?> values, CancellationToken cancellation)
    {
        var keyIds = values.Where(IsProtected).Select(v => v!.Substring(Prefix.Length, KeyIdLength)).Distinct().ToArray();
        var keys = keyIds.Length == 0 ? new Dictionary<string, byte[]>() : await KeysById(keyIds, cancellation);
        var ciphers = keys.ToDictionary(entry => entry.Key, entry => new TextCipher(entry.Value));
        try
        {
            return values.Select(value =>
            {
                if (value is null || !IsProtected(value))
                    return value;
                var keyId = value.Substring(Prefix.Length, KeyIdLength);
                return ciphers.TryGetValue(keyId, out var cipher)
                    ? cipher.Open(Convert.FromBase64String(value[(Prefix.Length + KeyIdLength + 1)..]), Encoding.ASCII.GetBytes(keyId))
                    : Erased;
            }).ToArray();
        }
        finally
        {
            foreach (var cipher in ciphers.Values)
                cipher.Dispose();
        }
    }

    /// <summary>Destroys the subject's key; true when there was one.</summary>
    public async Task<bool> Forget(string subject, CancellationToken cancellation)
    {
        await EnsureCreated(cancellation);
        await using var connection = await Open(cancellation);
        await using var command = new NpgsqlCommand($"delete from {_table} where subject = @subject", connection);
        command.Parameters.AddWithValue("subject", subject);
        return await command.ExecuteNonQueryAsync(cancellation) > 0;
    }

    /// <summary>
    /// What every value protected under the subject's key starts with, or null when the subject has no key (never
    /// protected, or forgotten). Lets a service find its records of a subject without decrypting them.
    /// </summary>
    public async Task<string?> ProtectedPrefixOf(string subject, CancellationToken cancellation)
    {
        await EnsureCreated(cancellation);
        await using var connection = await Open(cancellation);
        await using var select = new NpgsqlCommand($"select key_id from {_table} where subject = @subject", connection);
        select.Parameters.AddWithValue("subject", subject);
        return await select.ExecuteScalarAsync(cancellation) is string keyId ? $"{Prefix}{keyId}:" : null;
    }

    private async Task<(string KeyId, byte[] Key)> KeyOf(string subject, CancellationToken cancellation)
    {
        await EnsureCreated(cancellation);
        await using var connection = await Open(cancellation);
        await using var upsert = new NpgsqlCommand(
            $"insert into {_table} (subject, key_id, key) values (@subject, @keyId, @key) on conflict (subject) do nothing; " +
            $"select key_id, key from {_table} where subject = @subject", connection);
        upsert.Parameters.AddWithValue("subject", subject);
        upsert.Parameters.AddWithValue("keyId", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2)));
        upsert.Parameters.AddWithValue("key", RandomNumberGenerator.GetBytes(32));
        await using var reader = await upsert.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
            throw new InvalidOperationException("the subject key could not be created");
        return (reader.GetString(0), (byte[])reader.GetValue(1));
    }

    private async Task<Dictionary<string, byte[]>> KeysById(string[] keyIds, CancellationToken cancellation)
    {
        await EnsureCreated(cancellation);
        await using var connection = await Open(cancellation);
        await using var select = new NpgsqlCommand($"select key_id, key from {_table} where key_id = any(@keyIds)", connection);
        select.Parameters.AddWithValue("keyIds", keyIds);
        var keys = new Dictionary<string, byte[]>();
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            keys[reader.GetString(0)] = (byte[])reader.GetValue(1);
        return keys;
    }

    private async Task<NpgsqlConnection> Open(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }
}
