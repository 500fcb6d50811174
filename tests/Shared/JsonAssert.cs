using System.Text.Json.Nodes;
using Shouldly;

namespace Roaming.Testing;

/// <summary>Compares JSON by meaning (property order, whitespace and number spelling do not matter), not by text.</summary>
internal static class JsonAssert
{
    public static void SemanticallyEqual(string actual, string expected)
    {
        var actualNode = JsonNode.Parse(actual);
        var expectedNode = JsonNode.Parse(expected);
        JsonNode.DeepEquals(actualNode, expectedNode).ShouldBeTrue(
            $"JSON differs.{Environment.NewLine}expected: {expectedNode?.ToJsonString()}{Environment.NewLine}actual:   {actualNode?.ToJsonString()}");
    }
}
