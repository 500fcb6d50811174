using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Roaming.Platform.Sealing.Shredding;

/// <summary>
/// Crypto-shredding: personal data inside events is stored encrypted under a key of its own data subject (AES-256-GCM),
/// and forgetting the subject destroys the key. The events, their order and every leaf hash stay as they are (the
/// leaves are over the ciphertext), so the sealed chain keeps verifying while the personal data becomes unreadable.
/// <para>
/// Keys live in one table, <c>&lt;prefix&gt;subject_keys.keys</c>, apart from the event stores. Limits, on purpose for now:
/// the keys are not wrapped by a key-encryption key from a KMS/HSM, and a database backup keeps a forgotten key until
/// the backup ages out (document both in the record of processing).
/// </para>
/// </summary>
public sealed class SubjectKeyVault(string connectionString, string schemaPrefix = "")
{
    public const string Prefix = "enc:v1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly string _table = $"{(schemaPrefix + "subject_keys").ToLowerInvariant()}.keys";
    private readonly string _schema = (schemaPrefix + "subject_keys").ToLowerInvariant();

    public async Task EnsureCreated(CancellationToken cancellation)
    {
        await using var connection = await Open(cancellation);
        await using var command = new NpgsqlCommand(
            $"create schema if not exists {_schema}; " +
            $"create table if not exists {_table} (subject text primary key, key bytea not null, created_at timestamptz not null default now())",
            connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary><c>enc:v1:</c> + base64(nonce | ciphertext | tag), the subject bound in as associated data.</summary>
    public async Task<string> Protect(string subject, string plaintext, CancellationToken cancellation)
    {
        var key = await KeyOf(subject, create: true, cancellation) ?? throw new InvalidOperationException("the subject key could not be created");
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + clear.Length + TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceSize, clear.Length), sealedBytes.AsSpan(NonceSize + clear.Length), Encoding.UTF8.GetBytes(subject));
        nonce.CopyTo(sealedBytes, 0);
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The plaintext, or null once the subject has been forgotten.</summary>
    public async Task<string?> Reveal(string subject, string protectedText, CancellationToken cancellation)
    {
        if (!protectedText.StartsWith(Prefix, StringComparison.Ordinal))
            throw new FormatException("not a value protected by the subject key vault");
        var key = await KeyOf(subject, create: false, cancellation);
        if (key is null)
            return null;
        var sealedBytes = Convert.FromBase64String(protectedText[Prefix.Length..]);
        var clear = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, clear.Length), sealedBytes.AsSpan(NonceSize + clear.Length), clear,
            Encoding.UTF8.GetBytes(subject));
        return Encoding.UTF8.GetString(clear);
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

    private bool _created;

    private async Task<byte[]?> KeyOf(string subject, bool create, CancellationToken cancellation)
    {
        if (!_created)
        {
            await EnsureCreated(cancellation);
            _created = true;
        }
        await using var connection = await Open(cancellation);
        if (create)
        {
            await using var insert = new NpgsqlCommand($"insert into {_table} (subject, key) values (@subject, @key) on conflict (subject) do nothing", connection);
            insert.Parameters.AddWithValue("subject", subject);
            insert.Parameters.AddWithValue("key", RandomNumberGenerator.GetBytes(32));
            await insert.ExecuteNonQueryAsync(cancellation);
        }
        await using var select = new NpgsqlCommand($"select key from {_table} where subject = @subject", connection);
        select.Parameters.AddWithValue("subject", subject);
        return await select.ExecuteScalarAsync(cancellation) as byte[];
    }

    private async Task<NpgsqlConnection> Open(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }
}
