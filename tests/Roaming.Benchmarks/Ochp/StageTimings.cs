using System.Diagnostics;
using System.Xml.Linq;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Cdrs;
using Roaming.Protocols.Ochp;

namespace Roaming.Benchmarks.Ochp;

/// <summary>
/// <c>ochp-load --stages</c>: what the OCHP endpoint's CPU-bound steps cost for one batch, on one thread, with the same
/// library calls the server makes (OchpEndpoint, OchpCall.Read, AddingCdrs): read the envelope, validate against the
/// XSDs, copy the body and deserialize it, map to clearing CDRs. Measured as this process's CPU time (user + system), not
/// wall time, so that other work on a busy machine does not count. The rest of the server's CPU per batch is Kestrel, MassTransit,
/// Marten and the sealing subscription.
/// </summary>
public static class StageTimings
{
    public static void Print(byte[] envelope, int batchSize, int iterations = 20)
    {
        // Cumulative pipelines from the envelope's bytes; a step's cost is its pipeline minus the one it builds on.
        var pipelines = new (string Name, int BuildsOn, Func<object?> Run)[]
        {
            ("read envelope (SoapEnvelope.ReadAsync)", -1, () => Body(envelope)),
            ("XSD validation (OchpSchema.Validate)", 0, () => OchpSchema.Validate(Body(envelope))),
            ("copy + XmlSerializer (OchpCall.Read)", 0, () => OchpXml.FromElement<AddCdrsRequest>(new XElement(Body(envelope)))),
            ("map to clearing (CdrMapping.ToClearing)", 2, () => Mapped(envelope)),
        };
        Console.WriteLine($"--- CPU-bound steps of one AddCDRs of {batchSize} CDRs ({envelope.Length / 1024} KB), one thread, process CPU time; " +
                          $"the pipelines alternate in {Rounds} rounds of {iterations} and each keeps its best round (a busy machine only adds):");
        foreach (var pipeline in pipelines)
            for (var i = 0; i < 40; i++) pipeline.Run(); // past tiered compilation
        var best = Enumerable.Repeat(double.MaxValue, pipelines.Length).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var p = 0; p < pipelines.Length; p++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < iterations; i++) pipelines[p].Run();
                best[p] = Math.Min(best[p], (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / iterations);
            }
        }
        for (var p = 0; p < pipelines.Length; p++)
        {
            var own = best[p] - (pipelines[p].BuildsOn < 0 ? 0 : best[pipelines[p].BuildsOn]);
            Console.WriteLine($"  {pipelines[p].Name,-45} {own,7:0.00} ms per batch, {own * 1000 / batchSize,6:0} µs per CDR");
        }
    }

    private const int Rounds = 8;

    private static XElement Body(byte[] envelope) =>
        SoapEnvelope.ReadAsync(new MemoryStream(envelope), 10_000_000, CancellationToken.None).GetAwaiter().GetResult().Body;

    private static List<CdrForClearing> Mapped(byte[] envelope)
    {
        var body = Body(envelope);
        var request = OchpXml.FromElement<AddCdrsRequest>(new XElement(body));
        var items = body.Elements(XName.Get("cdrInfoArray", OchpNamespaces.Ochp)).ToList();
        return request.CdrInfoArray.Select((cdr, i) => CdrMapping.ToClearing(cdr, items[i])).ToList();
    }
}
