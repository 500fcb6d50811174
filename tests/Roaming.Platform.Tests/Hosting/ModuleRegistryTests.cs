using Microsoft.Extensions.Hosting;
using Roaming.Platform.Hosting;
using Shouldly;

namespace Roaming.Platform.Tests.Hosting;

public class ModuleRegistryTests
{
    private sealed record FakeModule(string Name, params string[] Needs) : IRoamingModule
    {
        public IReadOnlyList<string> DependsOn => Needs;
        public void AddServices(IHostApplicationBuilder builder) { }
    }

    [Fact]
    public void all_starts_every_module_after_its_dependencies()
    {
        var registry = new ModuleRegistry([new FakeModule("ocpi", "tokens"), new FakeModule("tokens"), new FakeModule("charging")]);

        var order = registry.Resolve("all").Select(m => m.Name).ToList();

        order.Count.ShouldBe(3);
        order.IndexOf("tokens").ShouldBeLessThan(order.IndexOf("ocpi"));
    }

    [Fact]
    public void a_subset_pulls_in_its_dependencies_only()
    {
        var registry = new ModuleRegistry([new FakeModule("ocpi", "tokens"), new FakeModule("tokens"), new FakeModule("charging")]);

        registry.Resolve("ocpi").Select(m => m.Name).ShouldBe(["tokens", "ocpi"]);
        registry.Resolve(" charging , tokens ").Select(m => m.Name).ShouldBe(["charging", "tokens"]);
    }

    [Fact]
    public void an_unknown_service_is_refused_with_the_known_names()
    {
        var registry = new ModuleRegistry([new FakeModule("tokens")]);

        var error = Should.Throw<ArgumentException>(() => registry.Resolve("tokens,billing"));

        error.Message.ShouldContain("billing");
        error.Message.ShouldContain("tokens");
    }

    [Fact]
    public void a_dependency_cycle_fails_at_start_up()
    {
        var error = Should.Throw<InvalidOperationException>(() =>
            new ModuleRegistry([new FakeModule("a", "b"), new FakeModule("b", "a")]));

        error.Message.ShouldContain("cycle");
    }

    [Fact]
    public void a_dependency_on_a_missing_module_fails_at_start_up() =>
        Should.Throw<InvalidOperationException>(() => new ModuleRegistry([new FakeModule("a", "ghost")]))
            .Message.ShouldContain("ghost");
}
