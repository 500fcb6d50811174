namespace Roaming.Platform.Messaging.Parking;

/// <summary>How parked messages name their consumer: the full type name (two services may both have an <c>OnTokenChanged</c>).</summary>
public static class ConsumerNames
{
    public static string Of(Type consumer) => consumer.FullName ?? consumer.Name;
}
