package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.BotMisconfigurationError;

/**
 * A slot a tenant's management API lists nowhere: the order bot's {@code order_id} is a {@code pattern} entity, which the
 * sandbox's REST Endpoint fills as a Regex Slot Filler node in the flow does, and its management API lists as a tenant
 * lists such a node: nowhere. Read through that API, an expectation on it is refused before sending, naming the setting
 * that declares it; declared there, it is sent and passes.
 */
class UnlistedSlotsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private EngineExecutionResults run(Map<String, String> parameters) throws Exception {
        Path file = Files.write(dir.resolve("orders.sim.yaml"), List.of("version: 1", "cases:",
                "  - id: test_order_number", "    utterance: where is my order ORD_99",
                "    expect: { intent: check_order, entities: { order_id: ORD_99 } }",
                "  - id: test_misspelt_slot", "    utterance: order status ORD_12",
                "    expect: { entities: { orderid: ORD_12 } }"));
        Map<String, String> all = new java.util.HashMap<>(parameters);
        all.put(Constants.BACKEND, "endpoint");
        return EngineTestSupport.sandboxRun("classpath:bots/order-bot.yaml", dir, console, Map.of(), all,
                selectFile(file.toFile()));
    }

    @Test
    @DisplayName("through the sandbox's REST Endpoint and management API, entities: {order_id: ...} on a pattern entity (a Regex"
            + " Slot Filler node on a tenant) is refused as UNKNOWN_ENTITY, naming cognigy.management.unlisted-slots")
    void unlistedSlotIsRefusedNamingTheKey() throws Exception {
        EngineExecutionResults results = run(Map.of());

        results.testEvents().assertStatistics(stats -> stats.started(2).failed(2));
        assertThat(EngineTestSupport.failureOf(results, "where is my order ORD_99"))
                .isInstanceOfSatisfying(BotMisconfigurationError.class, e -> assertThat(e.code()).isEqualTo("UNKNOWN_ENTITY"))
                .hasMessageContaining("the bot has no entity order_id (known entities: ")
                .hasMessageContaining("a slot a Regex Slot Filler node or a Code node fills is listed nowhere in the management"
                        + " API: name it in cognigy.management.unlisted-slots")
                .hasMessageContaining("Nothing was submitted for this test.");
    }

    @Test
    @DisplayName("with cognigy.management.unlisted-slots=order_id the same test is sent and passes; a misspelt slot is still"
            + " refused, with the declared slot as the likely one and the setting named")
    void declaredSlotPasses() throws Exception {
        EngineExecutionResults results = run(Map.of(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id"));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(EngineTestSupport.failureOf(results, "order status ORD_12"))
                .isInstanceOfSatisfying(BotMisconfigurationError.class, e -> assertThat(e.code()).isEqualTo("UNKNOWN_ENTITY"))
                .hasMessageContaining("the bot has no entity orderid — did you mean 'order_id'? (known entities: ")
                .hasMessageContaining("name it in cognigy.management.unlisted-slots");
    }
}
