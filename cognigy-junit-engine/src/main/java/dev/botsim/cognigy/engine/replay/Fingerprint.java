package dev.botsim.cognigy.engine.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.botsim.cognigy.engine.support.Sha256;
import dev.botsim.cognigy.engine.support.ShownUrl;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointUrl;
import dev.botsim.cognigy.engine.backend.socket.SocketBackend;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * What a recording was made against, one fact per key in key order: the backend, where it is (an endpoint without its
 * token), the project, flow and locale, the snapshot the endpoint serves or the hash of the sandbox's bot definition,
 * and the engine's version. Two fingerprints that differ mean the bot may answer differently, so {@code auto} runs its
 * tests live again.
 *
 * <p>Facts the configuration holds are read without touching the network; a tenant's project, flow, locale and
 * snapshot come from the bot under test the backend's one schema read resolved ({@link #withBot}).
 *
 * @param facts the facts by name, sorted; never a secret
 */
public record Fingerprint(SortedMap<String, String> facts) {

    /** The prefix of a fact naming when a flow of the live project was last changed: {@code flow changed: Main Flow}. */
    static final String FLOW_CHANGED = "flow changed: ";

    private static final EnumSet<BackendChoice> SANDBOX_BACKENDS = EnumSet.of(BackendChoice.SANDBOX, BackendChoice.SANDBOX_ENDPOINT,
            BackendChoice.SANDBOX_SOCKET);
    /** The backends whose answers a Code node reports through, placed once or in each flow: REST and Socket Endpoints. */
    static final EnumSet<BackendChoice> ENDPOINT_BACKENDS = EnumSet.of(BackendChoice.ENDPOINT, BackendChoice.SANDBOX_ENDPOINT,
            BackendChoice.SOCKET, BackendChoice.SANDBOX_SOCKET);

    public Fingerprint {
        facts = Collections.unmodifiableSortedMap(new TreeMap<>(facts));
    }

    /** A fingerprint of these facts, as a cassette holds them. */
    public static Fingerprint of(Map<String, String> facts) {
        return new Fingerprint(new TreeMap<>(facts));
    }

    /** What the configuration alone says of the bot: for the sandbox, all there is to say (its definition's hash). */
    public static Fingerprint offline(EngineConfig config) {
        TreeMap<String, String> facts = new TreeMap<>();
        facts.put("backend", config.backend().choice().id());
        facts.put("engine", engineVersion());
        Map<String, String> parameters = config.parameters();
        put(facts, "flow", parameters.get(Constants.NLU_FLOW));
        put(facts, "locale", parameters.get(Constants.NLU_LOCALE));
        put(facts, "playbooks", parameters.get(Constants.PLAYBOOKS_MODE));
        // Where a REST Endpoint's Code node runs decides which flow an answer is read as (and where the sandbox's reports
        // it): an answer recorded with the node in each flow is no answer for a run that places it once. The default
        // (shared) adds nothing, so the cassettes recorded under it stay as they are.
        if (ENDPOINT_BACKENDS.contains(config.backend().choice()) && config.backend().endpointData().perFlow()) {
            facts.put("code-node", "per-flow");
        }
        if (sandboxBot(config)) {
            String bot = config.backend().sandbox().bot().orElseThrow();
            facts.put("endpoint", "sandbox " + bot);
            // As text: a checkout with CR LF (git's core.autocrlf on Windows) is the bot its LF checkout is.
            facts.put("bot", "sha256:" + Sha256.ofText(definition(bot)));
            return new Fingerprint(facts);
        }
        // As messages show it: a REST Endpoint URL given as the base URL by mistake is written without its token.
        config.backend().simulationApi().baseUrl().ifPresent(url -> facts.put("endpoint", ShownUrl.of(url)));
        // Where the endpoint is, as messages show it: never its token, nor a user name and password written into the URL.
        config.secrets().endpointUrl().flatMap(EndpointUrl::parse).ifPresent(url -> facts.put("endpoint", url.shown()));
        if (config.backend().choice() == BackendChoice.SOCKET) {
            config.secrets().socketUrl().flatMap(SocketBackend::shownUrl).ifPresent(url -> facts.put("endpoint", url));
        }
        // The API key given as the project id by mistake is still the key.
        config.backend().management().projectId().ifPresent(project -> facts.put("project", config.secrets().mask(project)));
        return new Fingerprint(facts);
    }

    /**
     * Whether the configuration says all there is to say of the bot: the sandbox's definition is hashed; a tenant's
     * bot must be read through its backend.
     */
    public static boolean knownOffline(EngineConfig config) {
        return sandboxBot(config);
    }

    /** This fingerprint with what the backend's schema read resolved of the deployment under test. */
    public Fingerprint withBot(BotSchema schema) {
        TreeMap<String, String> more = new TreeMap<>(facts);
        // The live project's version: an edit inside a flow changes its last-change time and nothing else the run reads.
        schema.flowsLastChanged().forEach((flow, changed) -> more.put(FLOW_CHANGED + flow, changed));
        Optional<BotUnderTest> bot = schema.underTest();
        if (bot.isEmpty()) {
            // Nothing tells this bot's versions apart: flows and intents, when known, are the best fingerprint there is.
            schema.flows().ifPresent(flows -> more.put("flows", String.join(",", new java.util.TreeSet<>(flows))));
            schema.intents().ifPresent(intents -> more.put("intents", "sha256:" + Sha256.hex(
                    String.join("\n", new java.util.TreeSet<>(intents)).getBytes(StandardCharsets.UTF_8))));
            return new Fingerprint(more);
        }
        BotUnderTest under = bot.get();
        put(more, "project", under.projectId());
        put(more, "flow", under.flowReferenceId() != null ? under.flowReferenceId() : under.flowName());
        put(more, "locale", under.localeReferenceId() != null ? under.localeReferenceId() : under.locale());
        more.put("snapshot", under.servesLiveProject() ? "live project" : under.snapshotId());
        return new Fingerprint(more);
    }

    /**
     * Whether a fact tells one version of the bot from another: the sandbox definition's hash, the snapshot served, a
     * flow's last change, or the flows and intents the backend read. Without one (a REST Endpoint without the management
     * API, which tells nothing of the bot behind it) the fingerprint stays the same whatever the bot answers now, and
     * {@code auto} cannot tell a changed bot from the one recorded.
     */
    public boolean tellsVersions() {
        return facts.keySet().stream().anyMatch(key -> key.equals("bot") || key.equals("snapshot") || key.equals("flows")
                || key.equals("intents") || key.startsWith(FLOW_CHANGED));
    }

    /** This fingerprint without the facts {@code keys} name. */
    public Fingerprint without(String... keys) {
        TreeMap<String, String> fewer = new TreeMap<>(facts);
        for (String key : keys) fewer.remove(key);
        return new Fingerprint(fewer);
    }

    /** The facts that differ from {@code other}'s, as {@code key: was -> now}, for the console. */
    public String differenceFrom(Fingerprint other) {
        TreeMap<String, String> all = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(facts.keySet());
        keys.addAll(other.facts.keySet());
        for (String key : keys) {
            String now = facts.get(key);
            String was = other.facts.get(key);
            if (!java.util.Objects.equals(now, was)) all.put(key, was + " -> " + now);
        }
        return all.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** A short digest of the facts, for reports, the audit record and the webhook. */
    public String digest() {
        StringBuilder text = new StringBuilder();
        facts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return "sha256:" + Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static boolean sandboxBot(EngineConfig config) {
        BackendChoice choice = config.backend().choice();
        boolean sandboxNlu = choice == BackendChoice.NLU && config.backend().management().url().isEmpty();
        return config.backend().sandbox().bot().isPresent() && (SANDBOX_BACKENDS.contains(choice) || sandboxNlu);
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) facts.put(key, value.trim());
    }

    /** The sandbox's bot definition as the sandbox reads it: a class path resource after {@code classpath:}, else a file. */
    private static byte[] definition(String bot) {
        try {
            if (bot.startsWith("classpath:")) {
                String name = bot.substring("classpath:".length()).replaceFirst("^/", "");
                ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader() : Fingerprint.class.getClassLoader();
                try (InputStream in = loader.getResourceAsStream(name)) {
                    return in == null ? new byte[0] : in.readAllBytes();
                }
            }
            Path file = Path.of(bot);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            // Unreadable: the sandbox will say why when it starts; an empty hash only makes auto run live.
            return new byte[0];
        }
    }

    static String engineVersion() {
        String version = Fingerprint.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

}
