using System.Text.Json.Nodes;
using Roaming.Ocpi.Objects;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Objects;

/// <summary>
/// The token holder's fields in OCPI JSON, protected and revealed with the shared vault on a real PostgreSQL key table:
/// what is personal is encrypted under the holder's contract, nothing else changes, and a forgotten holder reads [erased].
/// </summary>
public sealed class HolderFieldsTests(HolderFieldsTests.KeyTable keyTable) : IClassFixture<HolderFieldsTests.KeyTable>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _connection = keyTable.Connection;
    private readonly SubjectKeyVault _vault = keyTable.Vault;
    private readonly HolderFields _holders = new(keyTable.Vault);

    /// <summary>One database with the key table for the class (xunit makes an instance per test; the key table outlives them).</summary>
    public sealed class KeyTable : IAsyncLifetime
    {
        public string Connection { get; private set; } = "";
        public SubjectKeyVault Vault { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Connection = await TestServers.FreshDatabase("roaming_ocpi_holder_fields");
            Vault = new SubjectKeyVault(Connection);
        }

        public Task DisposeAsync() => TestServers.DropDatabase(Connection);
    }

    /// <summary>Per spec example: its module, the path of every personal field, and the subject it is protected under.</summary>
    public static TheoryData<string, string, string[], string> Examples => new()
    {
        { "token_example_2_full_rfid.json", Modules.Tokens,
            ["contract_id", "visual_number", "energy_contract.supplier_name", "energy_contract.contract_id"], "contract:DE*TNM*DE8ACC12E46L89" },
        { "token_example_1_app_user.json", Modules.Tokens, ["contract_id"], "contract:DE*TNM*DE8ACC12E46L89" },
        { "session_example_2_short_finished.json", Modules.Sessions, ["cdr_token.contract_id"], "contract:NL*TST*NL-TST-C12345678-S" },
        { "cdr_example.json", Modules.Cdrs, ["cdr_token.contract_id"], "contract:DE*TNM*DE8ACC12E46L89" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task personal_fields_are_encrypted_under_the_holders_contract_and_revealed_as_they_were(string example, string module,
        string[] personal, string subject)
    {
        var original = SpecExamples.ReadObject(example);

        var stored = JsonNode.Parse(await _holders.Protect(module, original.ToJsonString(), None))!.AsObject();

        var prefix = await _vault.ProtectedPrefixOf(subject, None);
        prefix.ShouldNotBeNull($"a key was made for {subject}");
        foreach (var path in personal)
        {
            At(stored, path).ShouldStartWith(prefix, customMessage: $"{path} is encrypted under {subject}'s key");
            stored.ToJsonString().ShouldNotContain(At(original, path), customMessage: $"{path} leaves no clear copy");
        }
        var untouched = (JsonObject)stored.DeepClone();
        var expected = (JsonObject)original.DeepClone();
        foreach (var path in personal)
        {
            Set(untouched, path, "");
            Set(expected, path, "");
        }
        JsonNode.DeepEquals(untouched, expected).ShouldBeTrue("only the personal fields change");

        var revealed = JsonNode.Parse(await _holders.Reveal(module, stored.ToJsonString(), None))!;
        JsonNode.DeepEquals(revealed, original).ShouldBeTrue($"revealed: {revealed.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task protecting_twice_changes_nothing(string example, string module, string[] personal, string subject)
    {
        var once = await _holders.Protect(module, SpecExamples.Read(example), None);

        var twice = await _holders.Protect(module, once, None);

        twice.ShouldBe(once, $"{string.Join(", ", personal)} of {subject} are already protected");
    }

    [Fact]
    public async Task a_forgotten_holder_reads_erased_and_the_other_holder_in_clear()
    {
        var forgotten = Token("FORGET-1", "NL-TNM-FORGOTTEN-1", "VISUAL-FORGOTTEN");
        var kept = Token("KEEP-1", "NL-TNM-KEPT-1", "VISUAL-KEPT");
        var cdr = SpecExamples.ReadObject("cdr_example.json");
        cdr["cdr_token"]!["contract_id"] = "NL-TNM-FORGOTTEN-1";
        cdr["cdr_token"]!["country_code"] = "NL";
        var storedTokens = new[] { await _holders.Protect(Modules.Tokens, forgotten, None), await _holders.Protect(Modules.Tokens, kept, None) };
        var storedCdr = await _holders.Protect(Modules.Cdrs, cdr.ToJsonString(), None);

        (await _vault.Forget("contract:NL*TNM*NL-TNM-FORGOTTEN-1", None)).ShouldBeTrue();

        var tokens = (await _holders.Reveal(Modules.Tokens, storedTokens, None)).Select(json => JsonNode.Parse(json)!).ToList();
        (tokens[0]["contract_id"]!.GetValue<string>(), tokens[0]["visual_number"]!.GetValue<string>()).ShouldBe((SubjectKeyVault.Erased, SubjectKeyVault.Erased));
        tokens[0]["uid"]!.GetValue<string>().ShouldBe("FORGET-1", "the uid is not personal data and stays");
        (tokens[1]["contract_id"]!.GetValue<string>(), tokens[1]["visual_number"]!.GetValue<string>()).ShouldBe(("NL-TNM-KEPT-1", "VISUAL-KEPT"));
        var revealedCdr = JsonNode.Parse(await _holders.Reveal(Modules.Cdrs, storedCdr, None))!;
        revealedCdr["cdr_token"]!["contract_id"]!.GetValue<string>().ShouldBe(SubjectKeyVault.Erased);
        revealedCdr["total_cost"]!.ToJsonString().ShouldBe(cdr["total_cost"]!.ToJsonString(), "the billing figures stay");

        // What goes out after a forget is stored again as it is: no key is made for a contract named "[erased]".
        var storedAgain = await _holders.Protect(Modules.Tokens, tokens[0].ToJsonString(), None);
        JsonNode.Parse(storedAgain)!["contract_id"]!.GetValue<string>().ShouldBe(SubjectKeyVault.Erased);
        (await _vault.ProtectedPrefixOf($"contract:NL*TNM*{SubjectKeyVault.Erased}", None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_field_merged_in_clear_beside_encrypted_ones_is_encrypted_under_the_same_contract()
    {
        var stored = JsonNode.Parse(await _holders.Protect(Modules.Tokens, Token("MERGE-1", "NL-TNM-MERGE-1", "V-1"), None))!.AsObject();
        stored["visual_number"] = "V-2"; // a PATCH merged into the stored token

        var protectedAgain = JsonNode.Parse(await _holders.Protect(Modules.Tokens, stored.ToJsonString(), None))!.AsObject();

        protectedAgain["contract_id"]!.GetValue<string>().ShouldBe(stored["contract_id"]!.GetValue<string>(), "an encrypted value is kept as it is");
        protectedAgain["visual_number"]!.GetValue<string>().ShouldStartWith((await _vault.ProtectedPrefixOf("contract:NL*TNM*NL-TNM-MERGE-1", None))!);
        JsonNode.Parse(await _holders.Reveal(Modules.Tokens, protectedAgain.ToJsonString(), None))!["visual_number"]!.GetValue<string>().ShouldBe("V-2");
    }

    /// <summary>Values already in the events were sealed as <c>enc:v1:&lt;key id&gt;:base64(nonce | ciphertext | tag)</c>, the key id as
    /// associated data: the shared cipher reads them, and writes the same layout.</summary>
    [Fact]
    public async Task the_vaults_stored_format_is_unchanged_both_ways()
    {
        const string subject = "contract:NL*TNM*NL-TNM-FORMAT-1";
        var written = await _vault.Protect(subject, "NL-TNM-FORMAT-1", None);
        var keyId = written.Split(':')[2];
        byte[] key;
        await using (var connection = new Npgsql.NpgsqlConnection(_connection))
        {
            await connection.OpenAsync();
            await using var select = new Npgsql.NpgsqlCommand("select key from subject_keys.keys where subject = @subject", connection);
            select.Parameters.AddWithValue("subject", subject);
            key = (byte[])(await select.ExecuteScalarAsync())!;
        }
        var associated = System.Text.Encoding.ASCII.GetBytes(keyId);
        using var aes = new System.Security.Cryptography.AesGcm(key, 16);

        var sealedBytes = Convert.FromBase64String(written.Split(':')[3]);
        var clear = new byte[sealedBytes.Length - 28];
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, clear.Length), sealedBytes.AsSpan(12 + clear.Length), clear, associated);
        System.Text.Encoding.UTF8.GetString(clear).ShouldBe("NL-TNM-FORMAT-1");

        var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(12);
        var text = System.Text.Encoding.UTF8.GetBytes("SEALED-BEFORE");
        var before = new byte[12 + text.Length + 16];
        aes.Encrypt(nonce, text, before.AsSpan(12, text.Length), before.AsSpan(12 + text.Length), associated);
        nonce.CopyTo(before, 0);
        (await _vault.Reveal($"{SubjectKeyVault.Prefix}{keyId}:{Convert.ToBase64String(before)}", None)).ShouldBe("SEALED-BEFORE");
    }

    [Theory]
    [InlineData(Modules.Locations, "location_example.json")]
    [InlineData(Modules.Tariffs, "tariff_10_025kwh_parking_start.json")]
    public async Task objects_without_holder_data_pass_through_unchanged(string module, string example)
    {
        var json = SpecExamples.Read(example);

        (await _holders.Protect(module, json, None)).ShouldBeSameAs(json);
        (await _holders.Reveal(module, json, None)).ShouldBeSameAs(json);
    }

    [Fact]
    public async Task a_command_keeps_its_tokens_holder_data_encrypted()
    {
        var command = new JsonObject
        {
            ["response_url"] = "https://emsp.example/commands/START_SESSION/1", ["location_id"] = "LOC1",
            ["token"] = JsonNode.Parse(Token("CMD-1", "NL-TNM-CMD-1", "V-CMD")),
        };

        var stored = await _holders.Protect(Modules.Commands, command.ToJsonString(), None);

        stored.ShouldNotContain("NL-TNM-CMD-1");
        stored.ShouldNotContain("V-CMD");
        JsonNode.DeepEquals(JsonNode.Parse(await _holders.Reveal(Modules.Commands, stored, None)), command).ShouldBeTrue();
    }

    private static string Token(string uid, string contractId, string visualNumber) => new JsonObject
    {
        ["country_code"] = "NL", ["party_id"] = "TNM", ["uid"] = uid, ["type"] = "RFID", ["contract_id"] = contractId,
        ["visual_number"] = visualNumber, ["issuer"] = "TNM", ["valid"] = true, ["whitelist"] = "ALLOWED", ["last_updated"] = "2026-01-01T00:00:00Z",
    }.ToJsonString();

    private static string At(JsonObject json, string path)
    {
        JsonNode node = json;
        foreach (var name in path.Split('.'))
            node = node[name]!;
        return node.GetValue<string>();
    }

    private static void Set(JsonObject json, string path, string value)
    {
        var names = path.Split('.');
        var parent = json;
        foreach (var name in names[..^1])
            parent = parent[name]!.AsObject();
        parent[names[^1]] = value;
    }
}
