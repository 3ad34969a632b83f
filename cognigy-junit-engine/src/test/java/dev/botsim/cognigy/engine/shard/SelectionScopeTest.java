package dev.botsim.cognigy.engine.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/** {@link SelectionScope}: which discovery requests pick tests one by one (a rerun, a look at a few) rather than the suite. */
class SelectionScopeTest {

    private static final UniqueId ENGINE = UniqueId.forEngine("cognigy");

    private static EngineDiscoveryRequest request(DiscoverySelector... selectors) {
        return LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
    }

    @Test
    @DisplayName("a test's or conversation's unique id picks one by one; a whole file, class or member class does not")
    void byUniqueId() {
        assertThat(SelectionScope.oneByOne(request(selectUniqueId("[engine:cognigy]/[file:orders.sim.yaml]/[case:test_a]")))).isTrue();
        assertThat(SelectionScope.oneByOne(request(selectUniqueId("[engine:cognigy]/[class:com.acme.OrdersTest]/[method:cancel()]"))))
                .isTrue();
        assertThat(SelectionScope.oneByOne(request(selectUniqueId("[engine:cognigy]/[file:orders.sim.yaml]")))).isFalse();
        assertThat(SelectionScope.oneByOne(request(selectUniqueId("[engine:cognigy]/[class:com.acme.OrdersTest]")))).isFalse();
        assertThat(SelectionScope.oneByOne(request(selectUniqueId(
                "[engine:cognigy]/[class:com.acme.OrdersTest]/[class:com.acme.OrdersTest$Returns]")))).isFalse();
        assertThat(SelectionScope.oneByOne(request(selectUniqueId(
                "[engine:cognigy]/[class:com.acme.OrdersTest]/[class:com.acme.OrdersTest$Returns]/[method:refund()]")))).isTrue();
    }

    @Test
    @DisplayName("a method or a line of a data file picks one by one; a class, package or whole file is the suite's kind of"
            + " request, and so is none; a class beside a test's unique id is a rerun")
    void bySelectorKind() {
        assertThat(SelectionScope.oneByOne(request(selectMethod("com.acme.OrdersTest#cancel")))).isTrue();
        assertThat(SelectionScope.oneByOne(request(selectFile("orders.sim.yaml", FilePosition.from(12))))).isTrue();
        assertThat(SelectionScope.oneByOne(request(selectClasspathResource("bots/orders.sim.yaml", FilePosition.from(12))))).isTrue();
        assertThat(SelectionScope.oneByOne(request(selectFile("orders.sim.yaml")))).isFalse();
        assertThat(SelectionScope.oneByOne(request(selectClasspathResource("bots/orders.sim.yaml")))).isFalse();
        assertThat(SelectionScope.oneByOne(request(selectClass("com.acme.OrdersTest")))).isFalse();
        assertThat(SelectionScope.oneByOne(request(selectPackage("com.acme")))).isFalse();
        assertThat(SelectionScope.oneByOne(request())).isFalse();
        assertThat(SelectionScope.oneByOne(request(selectClass("com.acme.OrdersTest"),
                selectUniqueId("[engine:cognigy]/[file:orders.sim.yaml]/[case:test_a]")))).isTrue();
        assertThat(SelectionScope.oneByOne(request(selectMethod("com.acme.OrdersTest#cancel"), selectPackage("com.acme"))))
                .as("a package beside a method is the suite").isFalse();
    }

    @Test
    @DisplayName("the engine's own unique id is the rerun of the run's failure: it counts as one by one where the engine"
            + " says so, and is seen as such; another id is not")
    void engineIdReruns() {
        EngineDiscoveryRequest engine = request(selectUniqueId(ENGINE));
        EngineDiscoveryRequest engineAndTest = request(selectUniqueId(ENGINE),
                selectUniqueId("[engine:cognigy]/[file:orders.sim.yaml]/[case:test_a]"));

        assertThat(SelectionScope.rerunsRunFailure(engine, ENGINE)).isTrue();
        assertThat(SelectionScope.rerunsRunFailure(engineAndTest, ENGINE)).isTrue();
        assertThat(SelectionScope.rerunsRunFailure(request(selectUniqueId("[engine:cognigy]/[file:orders.sim.yaml]/[case:test_a]")),
                ENGINE)).isFalse();
        assertThat(SelectionScope.rerunsRunFailure(request(selectUniqueId(UniqueId.forEngine("junit-jupiter"))), ENGINE)).isFalse();
        assertThat(SelectionScope.oneByOne(engine, ENGINE)).isTrue();
        assertThat(SelectionScope.oneByOne(engineAndTest, ENGINE)).isTrue();
        assertThat(SelectionScope.oneByOne(engine)).as("where the engine's id selects tests").isFalse();
        assertThat(SelectionScope.oneByOne(request(selectUniqueId(ENGINE), selectPackage("com.acme")), ENGINE)).isFalse();
    }
}
