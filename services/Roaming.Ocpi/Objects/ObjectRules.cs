using System.Text.Json;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Sessions;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Objects;

/// <summary>
/// How an object a partner sends is checked: read into the protocol's typed model and validated there, every problem
/// named by its JSON path. Only the verdict is used; what is stored and forwarded is the partner's JSON as it came
/// (unknown fields included), never the model written back.
/// </summary>
public delegate FieldErrors ObjectRules(JsonElement json);

public static class ModuleObjectRules
{
    public static readonly ObjectRules Location = json => Check<Location>(json, LocationValidation.Validate);
    public static readonly ObjectRules Evse = json => Check<Evse>(json, LocationValidation.ValidateEvse);
    public static readonly ObjectRules Connector = json => Check<Connector>(json, LocationValidation.ValidateConnector);
    public static readonly ObjectRules Session = json => Check<Session>(json, SessionValidation.Validate);
    public static readonly ObjectRules Cdr = json => Check<Cdr>(json, CdrValidation.Validate);
    public static readonly ObjectRules Tariff = json => Check<Tariff>(json, TariffValidation.Validate);
    public static readonly ObjectRules Token = json => Check<Token>(json, TokenValidation.Validate);
    public static readonly ObjectRules LocationReferences = json => Check<LocationReferences>(json, TokenValidation.ValidateLocationReferences);

    private static FieldErrors Check<T>(JsonElement json, Func<T, FieldErrors> validate) where T : class
    {
        OcpiJson.TryRead(json, validate, out _, out var errors);
        return errors;
    }
}
