using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Tests.Soap;

/// <summary>
/// Two CPOs and two e-MSPs: cpo-a (DE*ABC) roams with emsp-a (DE*8AA), cpo-b (DE*XYZ) with emsp-b (NL*TNM), and
/// lonely (DE*LON, operator and provider) with nobody.
/// </summary>
public static class Parties
{
    public const string Password = "correct-horse-battery-1";

    public static async Task Register(OchpHost host)
    {
        await host.Participant("cpo-a", ["DE*ABC"], [], "cpo-a", Password);
        await host.Participant("cpo-b", ["DE*XYZ"], [], "cpo-b", Password);
        await host.Participant("emsp-a", [], ["DE*8AA"], "emsp-a", Password);
        await host.Participant("emsp-b", [], ["NL*TNM"], "emsp-b", Password);
        await host.Participant("lonely", ["DE*LON"], ["DE*LNY"], "lonely", Password);
        await host.Connect("DE*ABC", "DE*8AA");
        await host.Connect("DE*XYZ", "NL*TNM");
    }

    public static Task<OchpReply> As<TRequest>(this OchpHost host, string user, TRequest request) where TRequest : notnull =>
        host.Call(request, user, Password);

    /// <summary>An e-MSP's token: emsp-a's contracts are DE-8AA-…, emsp-b's NL-TNM-….</summary>
    public static RoamingAuthorisationInfo Token(string uid, string contractId)
    {
        var token = Roaming.Protocols.Ochp.Tests.OchpSamples.Token(uid);
        token.ContractId = contractId;
        return token;
    }

    public const string EmspAContract = "DE8AACA2B3C4D5L";
    public const string EmspBContract = "NLTNM000122045U";
}
