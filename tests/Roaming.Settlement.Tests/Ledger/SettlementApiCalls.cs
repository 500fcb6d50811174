using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Tests.Integration;
using Roaming.Testing;

namespace Roaming.Settlement.Tests.Ledger;

/// <summary>Calls of the settlement API in the tests of agreements, the ledger and disputes, and waiting for what a consumer does.</summary>
public static class SettlementApiCalls
{
    /// <summary>
    /// Delivers an integration message as another service's outbox does (through the platform's bus, with a message id:
    /// the same id twice is a redelivery). SettlementHost.Publish resolves IPublishEndpoint, which the in-process bus does not register.
    /// </summary>
    public static async Task Deliver<T>(this SettlementHost host, T message, Guid? messageId = null) where T : class =>
        await host.Services.GetRequiredService<IIntegrationBus>().Publish(message, messageId ?? Guid.NewGuid(), null, CancellationToken.None);

    public static Task<HttpResponseMessage> Put(this SettlementHost host, string path, object body) => host.Api.PutAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> Post(this SettlementHost host, string path, object body) => host.Api.PostAsJsonAsync(path, body);

    public static async Task<JsonElement> Body(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The field errors of a 400 validation problem.</summary>
    public static async Task<IReadOnlyList<string>> ErrorFields(this HttpResponseMessage response) =>
        (await response.Body()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>Polls <paramref name="path"/> until it answers 200 and <paramref name="until"/> holds (the positive signal), at most 15 s on an idle machine (<see cref="Patience"/>).</summary>
    public static async Task<JsonElement> Eventually(this SettlementHost host, string path, Func<JsonElement, bool> until)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(15));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            var response = await host.Api.GetAsync(path);
            if (response.IsSuccessStatusCode && until(last = await response.Body()))
                return last;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{path} did not reach the expected state; last: {last}");
    }

    public static string State(this JsonElement cdr) => cdr.GetProperty("state").GetString()!;
}
