using Marten.Exceptions;
using NodaTime;
using Roaming.Ingest.Commands;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>Several nodes may try to answer one command; the answer stream is created once and the second attempt is refused.</summary>
public sealed class CommandAnswerOnceTests : IAsyncLifetime
{
    private IngestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestHost.Start("ingest_it_answer_once");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GivenAnsweredCommand_WhenAnotherNodeAnswersToo_ThenTheDatabaseRefusesTheSecondAnswer()
    {
        var id = Guid.CreateVersion7();
        var answered = new ChargePointCommandAnswered(id, "Reset", "CP1", "Reset", "Accepted", null, "{}", SystemClock.Instance.GetCurrentInstant());
        await using (var first = _host.Store.LightweightSession())
        {
            first.Events.StartStream(ChargePointCommandAnswered.StreamFor(id), answered);
            await first.SaveChangesAsync();
        }

        await using var second = _host.Store.LightweightSession();
        second.Events.StartStream(ChargePointCommandAnswered.StreamFor(id), answered with { Status = "NotConnected" });
        await Should.ThrowAsync<ExistingStreamIdCollisionException>(() => second.SaveChangesAsync());
        (await _host.Facts(ChargePointCommandAnswered.StreamFor(id))).ShouldHaveSingleItem();
    }
}
