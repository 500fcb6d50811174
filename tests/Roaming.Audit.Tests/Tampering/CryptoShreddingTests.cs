using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Audit.Verification;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Testing;
using Roaming.Tokens;
using Roaming.Tokens.Tokens;
using Shouldly;

namespace Roaming.Audit.Tests.Tampering;

/// <summary>
/// Token holders' personal data is stored encrypted under their contract's key; forgetting the contract makes it read
/// as erased everywhere it is read from, and leaves the sealed, signed chain intact.
/// </summary>
public class CryptoShreddingTests
{
    private static readonly Task<string> Database = TestServers.FreshDatabase("roaming_audit_shredding");

    private const string HolderContract = "DE8ACC12E46L89";
    private const string HolderCard = "DF000-2001-8999-1";
    private const string HolderSupplier = "Greenpeace Energy eG";
    private const string OtherContract = "DE8ACC99OTHER1";

    [Fact]
    public async Task a_forgotten_token_holder_reads_as_erased_the_other_holders_not_and_the_tokens_log_still_verifies()
    {
        await using var app = await AuditedApp.Start(await Database, alsoRun: new TokensModule());
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AuditedApp.AdminKey);

        var holder = SpecExamples.ReadObject("token_example_2_full_rfid.json");
        var put = await http.PutAsync($"/api/tokens/{holder["uid"]}", new StringContent(holder.ToJsonString(), Encoding.UTF8, "application/json"));
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await put.Content.ReadAsStringAsync()).ShouldContain(HolderContract, customMessage: "the API answers with the token as it was put");
        var other = SpecExamples.ReadObject("token_example_2_full_rfid.json");
        other["uid"] = "99999999";
        other["contract_id"] = OtherContract;
        (await http.PutAsync("/api/tokens/99999999", new StringContent(other.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var tokensSchema = ServiceStores.SchemaName(app.Roaming, "tokens");
        foreach (var personal in new[] { HolderContract, HolderCard, HolderSupplier, OtherContract })
        {
            (await app.Scalar($"select count(*) from {tokensSchema}.mt_events where data::text like '%{personal}%'")).ShouldBe(0, $"{personal} is encrypted in the events");
            (await app.Scalar($"select count(*) from {tokensSchema}.mt_doc_registeredtoken where data::text like '%{personal}%'")).ShouldBe(0, $"{personal} is encrypted in the read model");
        }
        (await app.Scalar($"select count(*) from {tokensSchema}.mt_events where data::text like '%12345678905880%'")).ShouldBe(1, "the uid chargers present stays in clear");

        (await Published(app, "DE*TNM*12345678905880")).ContractId.ShouldBe(HolderContract, "other services get the contract in clear");

        await AuditedApp.WaitUntilSealed(app.ConnectionString, tokensSchema, 2);
        await app.Signer.SignChanged(CancellationToken.None);

        var vault = app.App.Services.GetRequiredService<SubjectKeyVault>();
        (await vault.Forget(TokenHolderData.SubjectOf("DE", "TNM", HolderContract), CancellationToken.None)).ShouldBeTrue();

        var forgotten = await Published(app, "DE*TNM*12345678905880");
        forgotten.ContractId.ShouldBe(SubjectKeyVault.Erased);
        forgotten.Uid.ShouldBe("12345678905880");
        var stored = await Stored(app, "DE*TNM*12345678905880");
        var revealed = await app.App.Services.GetRequiredService<TokenHolderData>().Reveal(stored.Token, CancellationToken.None);
        revealed.VisualNumber.ShouldBe(SubjectKeyVault.Erased);
        revealed.EnergyContract!.SupplierName.ShouldBe(SubjectKeyVault.Erased);
        revealed.EnergyContract.ContractId.ShouldBe(SubjectKeyVault.Erased);
        (await Published(app, "DE*TNM*99999999")).ContractId.ShouldBe(OtherContract);

        var report = await OnlineVerification.Run(app.ConnectionString, app.AuditSchema, "tokens", tokensSchema, app.PublicKeys, null, CancellationToken.None);
        report.Verdict.ShouldBe(Verdict.Intact, report.Summary);
        report.CheckpointsVerified.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_value_moved_under_another_key_does_not_decrypt()
    {
        var vault = new SubjectKeyVault(await Database, "aad_");
        var alice = await vault.Protect("alice", "secret", CancellationToken.None);
        var mallory = await vault.Protect("mallory", "x", CancellationToken.None);
        var parts = alice.Split(':');
        parts[2] = mallory.Split(':')[2];
        var moved = string.Join(':', parts);
        await Should.ThrowAsync<System.Security.Cryptography.AuthenticationTagMismatchException>(() => vault.Reveal(moved, CancellationToken.None));
        (await vault.Reveal(alice, CancellationToken.None)).ShouldBe("secret");
    }

    private static async Task<RegisteredToken> Stored(AuditedApp app, string tokenKey)
    {
        await using var session = app.App.Services.GetRequiredService<ITokensStore>().QuerySession();
        return (await session.LoadAsync<RegisteredToken>(tokenKey)).ShouldNotBeNull();
    }

    /// <summary>What the outbox publishes for the token's last stored event.</summary>
    private static async Task<TokenChanged> Published(AuditedApp app, string tokenKey)
    {
        await using var session = app.App.Services.GetRequiredService<ITokensStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(tokenKey);
        var map = app.App.Services.GetRequiredService<IIntegrationEventMap<ITokensStore>>();
        return (await map.ToMessageAsync(events[^1], CancellationToken.None)).ShouldBeOfType<TokenChanged>();
    }
}
