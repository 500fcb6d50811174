using System.Net;
using System.ServiceModel;
using System.ServiceModel.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Roaming.Protocols.Ochp;
using SoapCore;

namespace Roaming.Benchmarks.Ochp;

/// <summary>
/// The baseline of <c>ochp-load --echo</c>: a bare Kestrel + SoapCore service whose AddCDRs deserializes the same
/// request into the same wire types (XmlSerializer) and answers <c>ok</c>. No authentication, no XSD validation, no
/// clearing, no database: what parsing and answering the envelopes costs on this machine.
/// </summary>
[ServiceContract(Namespace = OchpNamespaces.Ochp)]
[XmlSerializerFormat]
public interface IEchoOchpService
{
    [OperationContract(Action = AddCdrsAction, ReplyAction = AddCdrsAction + "Response")]
    EchoAddCdrsResponse AddCdrs(EchoAddCdrsRequest request);

    public const string AddCdrsAction = "http://ochp.eu/1.4/AddCDRs";
}

[MessageContract(IsWrapped = false)]
public sealed class EchoAddCdrsRequest
{
    [MessageBodyMember(Name = "AddCDRsRequest", Namespace = OchpNamespaces.Ochp)]
    public AddCdrsRequest Request { get; set; } = new();
}

[MessageContract(IsWrapped = false)]
public sealed class EchoAddCdrsResponse
{
    [MessageBodyMember(Name = "AddCDRsResponse", Namespace = OchpNamespaces.Ochp)]
    public AddCdrsResponse Response { get; set; } = new();
}

public sealed class EchoOchpService : IEchoOchpService
{
    private long _cdrs;

    public long CdrsReceived => Interlocked.Read(ref _cdrs);

    public EchoAddCdrsResponse AddCdrs(EchoAddCdrsRequest request)
    {
        Interlocked.Add(ref _cdrs, request.Request.CdrInfoArray.Count);
        return new EchoAddCdrsResponse { Response = new AddCdrsResponse { Result = Result.Ok() } };
    }
}

public static class EchoOchpHost
{
    /// <summary>Starts the echo on a free loopback port; the URL is its base (the service is at /service/ochp/v1.4).</summary>
    public static async Task<(WebApplication App, EchoOchpService Service, Uri Url)> Start()
    {
        if (IEchoOchpService.AddCdrsAction != OchpOperations.For<AddCdrsRequest>().SoapAction)
            throw new InvalidOperationException($"the echo's SOAPAction {IEchoOchpService.AddCdrsAction} is not AddCDRs' {OchpOperations.For<AddCdrsRequest>().SoapAction}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = 50_000_000;
        });
        var service = new EchoOchpService();
        builder.Services.AddSingleton<IEchoOchpService>(service);
        builder.Services.AddSoapCore();
        var app = builder.Build();
        ((Microsoft.AspNetCore.Builder.IApplicationBuilder)app).UseSoapEndpoint<IEchoOchpService>("/service/ochp/v1.4", new SoapEncoderOptions { MessageVersion = MessageVersion.Soap11 },
            SoapSerializer.XmlSerializer);
        await app.StartAsync();
        var address = app.Urls.Select(u => new Uri(u)).First();
        return (app, service, new UriBuilder(address) { Host = "127.0.0.1" }.Uri);
    }
}
