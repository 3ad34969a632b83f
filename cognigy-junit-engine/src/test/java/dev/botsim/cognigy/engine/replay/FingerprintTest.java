package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.spi.BotUnderTest;

/** What a recording is known to be made against, and what makes {@code auto} run live again. */
class FingerprintTest {

    private static final String TOKEN = "ut-canary-7e3a9c1f5d8b";

    private static EngineConfig endpoint() {
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, "https://endpoint.example.com/test/" + TOKEN + "?x=1",
                Constants.MANAGEMENT_API_KEY_ENV, "key-0123456789");
        return EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "endpoint", Constants.MANAGEMENT_URL,
                "https://api.example.com", Constants.MANAGEMENT_PROJECT_ID, "proj_1")), environment::get);
    }

    private static BotSchema serving(String snapshot) {
        return BotSchema.UNKNOWN.withUnderTest(new BotUnderTest("proj_1", "Order Bot", "tests", "Main Flow", "flow-ref", "en-US",
                "locale-ref", snapshot, snapshot == null ? null : "v1"));
    }

    @Test
    @DisplayName("a tenant's endpoint: where it is without its token, the project, and from the one schema read the flow,"
            + " locale and snapshot; another snapshot is another fingerprint")
    void tenant() {
        Fingerprint offline = Fingerprint.offline(endpoint());
        assertThat(Fingerprint.knownOffline(endpoint())).isFalse();
        assertThat(offline.facts()).containsEntry("backend", "endpoint").containsEntry("project", "proj_1")
                .containsEntry("endpoint", "https://endpoint.example.com/test/****").containsKey("engine");
        assertThat(offline.facts().toString()).doesNotContain(TOKEN, "x=1", "key-0123456789");

        Fingerprint snapshot1 = offline.withBot(serving("snap_1"));
        assertThat(snapshot1.facts()).containsEntry("flow", "flow-ref").containsEntry("locale", "locale-ref")
                .containsEntry("snapshot", "snap_1");
        assertThat(offline.withBot(serving("snap_1"))).isEqualTo(snapshot1);
        Fingerprint snapshot2 = offline.withBot(serving("snap_2"));
        assertThat(snapshot2).isNotEqualTo(snapshot1);
        assertThat(snapshot2.differenceFrom(snapshot1)).isEqualTo("snapshot: snap_1 -> snap_2");
        assertThat(offline.withBot(serving(null)).facts()).containsEntry("snapshot", "live project");
        assertThat(snapshot1.digest()).startsWith("sha256:").isNotEqualTo(snapshot2.digest());
    }

    @Test
    @DisplayName("a Socket Endpoint: where it is without its token, and the Code node's placing, as a REST Endpoint's; the"
            + " embedded sandbox's Socket Endpoint is known offline by its bot definition's hash")
    void socketEndpoints() {
        Map<String, String> environment = Map.of(Constants.SOCKET_URL_ENV, "https://endpoint.example.com/" + TOKEN);
        EngineConfig socket = EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "socket",
                Constants.ENDPOINT_CODE_NODE, "per-flow")), environment::get);
        Fingerprint offline = Fingerprint.offline(socket);
        assertThat(offline.facts()).containsEntry("backend", "socket").containsEntry("code-node", "per-flow")
                .containsKey("endpoint");
        assertThat(offline.facts().get("endpoint")).startsWith("https://endpoint.example.com/").doesNotContain(TOKEN);

        EngineConfig sandbox = EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "socket",
                Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")), name -> null);
        assertThat(sandbox.backend().choice()).isEqualTo(dev.botsim.cognigy.engine.config.BackendChoice.SANDBOX_SOCKET);
        assertThat(Fingerprint.knownOffline(sandbox)).isTrue();
        assertThat(Fingerprint.offline(sandbox).facts()).containsEntry("endpoint", "sandbox classpath:bots/order-bot.yaml")
                .hasEntrySatisfying("bot", bot -> assertThat(bot).startsWith("sha256:"));
    }

    @Test
    @DisplayName("the sandbox's bot definition checked out with CR LF line ends (git's core.autocrlf on Windows) is the same"
            + " bot as its LF checkout, whose hash stays what it was: a cassette recorded on Linux is not stale on Windows,"
            + " nor is one recorded there re-recorded on Linux")
    void sandboxBotWithWindowsLineEnds(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        String definition = "name: Order Bot\nintents:\n  - name: greet\n    examples: [hi, hello]\n";
        java.nio.file.Path lf = java.nio.file.Files.writeString(dir.resolve("lf.bot.yaml"), definition);
        java.nio.file.Path crlf = java.nio.file.Files.writeString(dir.resolve("crlf.bot.yaml"),
                definition.replace("\n", "\r\n"));

        String fromLinux = Fingerprint.offline(sandboxBot(lf)).facts().get("bot");
        String fromWindows = Fingerprint.offline(sandboxBot(crlf)).facts().get("bot");

        assertThat(fromLinux).isEqualTo("sha256:" + dev.botsim.cognigy.engine.support.Sha256.hex(
                definition.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(fromWindows).isEqualTo(fromLinux);
    }

    private static EngineConfig sandboxBot(java.nio.file.Path file) {
        return EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "sandbox", Constants.SANDBOX_BOT, file.toString())),
                name -> null);
    }

    @Test
    @DisplayName("a backend that resolves no deployment: its flows and intents stand in for a version")
    void noDeployment() {
        Fingerprint offline = Fingerprint.offline(endpoint());
        BotSchema one = new BotSchema(Optional.of(Set.of()), Optional.of(Set.of("flow_b", "flow_a")), Optional.of(Set.of("greet")), List.of());
        BotSchema two = new BotSchema(Optional.of(Set.of()), Optional.of(Set.of("flow_a", "flow_b")), Optional.of(Set.of("greet", "bye")),
                List.of());
        assertThat(offline.withBot(one).facts()).containsEntry("flows", "flow_a,flow_b");
        assertThat(offline.withBot(two)).isNotEqualTo(offline.withBot(one));
    }

    @Test
    @DisplayName("the live project: each flow's last-change time is a fact, so an edit inside one flow is another fingerprint"
            + " naming that flow")
    void liveProjectFlowsLastChanged() {
        Fingerprint offline = Fingerprint.offline(endpoint());
        BotSchema before = serving(null).withFlowsLastChanged(Map.of("Main Flow", "2024-06-01T12:00:00Z", "FAQ", "2024-06-02T12:00:00Z"));
        BotSchema after = serving(null).withFlowsLastChanged(Map.of("Main Flow", "2024-06-01T12:00:00Z", "FAQ", "2024-07-09T08:30:00Z"));
        assertThat(offline.withBot(before).facts()).containsEntry("snapshot", "live project")
                .containsEntry("flow changed: FAQ", "2024-06-02T12:00:00Z").containsEntry("flow changed: Main Flow", "2024-06-01T12:00:00Z");
        assertThat(offline.withBot(after)).isNotEqualTo(offline.withBot(before));
        assertThat(offline.withBot(after).differenceFrom(offline.withBot(before)))
                .isEqualTo("flow changed: FAQ: 2024-06-02T12:00:00Z -> 2024-07-09T08:30:00Z");
        assertThat(offline.withBot(serving(null).withFlowsLastChanged(Map.of("Main Flow", "2024-06-01T12:00:00Z", "FAQ",
                "2024-06-02T12:00:00Z")))).isEqualTo(offline.withBot(before));
    }
}
