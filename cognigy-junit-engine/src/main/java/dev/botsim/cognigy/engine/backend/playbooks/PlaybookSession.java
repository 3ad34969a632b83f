package dev.botsim.cognigy.engine.backend.playbooks;

import static dev.botsim.cognigy.engine.config.Constants.ENDPOINT_URL_ENV;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_API_KEY_ENV;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_PROJECT_ID;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_URL;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_FILE;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_FLOW;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_LOCALE;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.endpoint.EndpointUrl;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.PlaybooksSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.spi.BotUnderTest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The playbooks of one run: selected and read once, at discovery (the list is cached for the run),
 * each with the target it runs against, and run through one {@link PlaybookRunner} on one
 * management client, so discovery and execution share the request budget.
 */
public final class PlaybookSession implements AutoCloseable {

    /** A selected playbook and what it runs against. */
    public record Selected(Playbook playbook, Target target) {
    }

    /** Per step of a run, on top of the playbook's own step timeout, before the run is given up. */
    private static final Duration PER_STEP = Duration.ofSeconds(30);
    private static final Duration BASE = Duration.ofMinutes(1);

    private final ManagementClient client;
    private final PlaybookRunner runner;
    private final List<Selected> selected;

    private PlaybookSession(ManagementClient client, PlaybookRunner runner, List<Selected> selected) {
        this.client = client;
        this.runner = runner;
        this.selected = List.copyOf(selected);
    }

    /**
     * Lists and reads the playbooks {@code settings} select. Needs the tenant.
     *
     * @throws ConfigurationException when the management API is not configured or a target cannot be told
     * @throws dev.botsim.cognigy.engine.backend.BackendException when the tenant cannot be reached or refuses
     */
    public static PlaybookSession open(EngineConfig config, PlaybooksSettings settings, Clock clock, Sleeper sleeper) {
        String url = config.backend().management().url().orElseThrow(() -> missing(MANAGEMENT_URL));
        String project = config.backend().management().projectId().orElseThrow(() -> missing(MANAGEMENT_PROJECT_ID));
        Secret key = config.secrets().managementApiKey().orElseThrow(() -> missing(MANAGEMENT_API_KEY_ENV));
        ManagementApiSchema.Settings management = ManagementApiSchema.Settings.of(url, key, project).withHttp(config.http())
                .withRetry(config.retry()).withClock(clock).withSleeper(sleeper);
        ManagementClient client = ManagementClient.open(management);
        try {
            PlaybooksApi api = new PlaybooksApi(client, project);
            List<Selected> selected = settings.file().isPresent() ? fromFile(api, settings)
                    : fromProject(api, settings, target(config, settings, management, project));
            PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(config.maxConcurrency(),
                    timeout(selected), clock, sleeper));
            return new PlaybookSession(client, runner, selected);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    static ConfigurationException missing(String key) {
        return new ConfigurationException("cognigy.backend=playbooks reads the project's playbooks through the management API: set "
                + key + " (see docs/playbooks.md)");
    }

    private static Duration timeout(List<Selected> selected) {
        return timeout(selected.stream().mapToInt(s -> s.playbook().steps().size()).max().orElse(1));
    }

    /** How long a run of playbooks of at most {@code steps} steps may take before it is given up. */
    static Duration timeout(int steps) {
        return BASE.plus(PER_STEP.multipliedBy(steps));
    }

    public List<Selected> selected() {
        return selected;
    }

    /** Runs one selected playbook; waits while ten runs are in flight. */
    public PlaybookRunner.Outcome run(Selected playbook) {
        return runner.run(playbook.playbook(), playbook.target());
    }

    private static List<Selected> fromProject(PlaybooksApi api, PlaybooksSettings settings, Target target) {
        NameGlob glob = NameGlob.of(settings.include());
        List<Selected> selected = new ArrayList<>();
        for (PlaybooksApi.Listed listed : api.list()) {
            if (glob.matches(listed.name())) selected.add(new Selected(api.read(listed.id()), target));
        }
        return selected;
    }

    /** Cognigy's CLI format: {@code [{playbookId, entrypoint, flowId, localeId}]}. */
    private static List<Selected> fromFile(PlaybooksApi api, PlaybooksSettings settings) {
        java.nio.file.Path file = settings.file().get();
        JsonNode entries;
        try {
            entries = JsonMapper.builder().build().readTree(Files.readAllBytes(file));
        } catch (IOException | JacksonException e) {
            throw new ConfigurationException(PLAYBOOKS_FILE + "=" + file + " cannot be read as JSON (" + e.getClass().getSimpleName()
                    + "); it must be Cognigy CLI's playbooks.json: [{\"playbookId\", \"entrypoint\", \"flowId\", \"localeId\"}]");
        }
        if (!entries.isArray()) {
            throw new ConfigurationException(PLAYBOOKS_FILE + "=" + file + " is not a JSON array; it must be Cognigy CLI's playbooks.json:"
                    + " [{\"playbookId\", \"entrypoint\", \"flowId\", \"localeId\"}]");
        }
        List<Selected> selected = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            List<String> values = new ArrayList<>();
            for (String field : List.of("playbookId", "entrypoint", "flowId", "localeId")) {
                String value = entry.path(field).asString("");
                if (value.isBlank()) {
                    throw new ConfigurationException(PLAYBOOKS_FILE + "=" + file + ": entry " + i + " has no \"" + field
                            + "\"; every entry names playbookId, entrypoint, flowId and localeId");
                }
                values.add(value);
            }
            selected.add(new Selected(api.read(values.get(0)), new Target(values.get(1), values.get(2), values.get(3))));
        }
        return selected;
    }

    /** From the configuration, else from the endpoint {@code COGNIGY_ENDPOINT_URL} names. */
    static Target target(EngineConfig config, PlaybooksSettings settings, ManagementApiSchema.Settings management, String project) {
        if (settings.flow().isPresent() && settings.locale().isPresent()) {
            return new Target(settings.entrypoint().orElse(project), settings.flow().get(), settings.locale().get());
        }
        Optional<Secret> endpoint = config.secrets().endpointUrl();
        if (endpoint.isEmpty()) {
            throw new ConfigurationException("cognigy.backend=playbooks needs the flow and locale playbooks run in: set " + PLAYBOOKS_FLOW
                    + " and " + PLAYBOOKS_LOCALE + " (reference ids), or " + ENDPOINT_URL_ENV + " to read them from that endpoint");
        }
        Secret token = EndpointUrl.parse(endpoint.get()).map(u -> Secret.of(u.token())).orElseThrow(() -> new ConfigurationException(
                "the environment variable " + ENDPOINT_URL_ENV + " is not a REST Endpoint URL ending in its URL token"));
        try (ManagementApiSchema schema = new ManagementApiSchema(management.withEndpointToken(token))) {
            BotUnderTest bot = schema.read().underTest().orElseThrow();
            return new Target(settings.entrypoint().orElse(bot.snapshotId() != null ? bot.snapshotId() : project),
                    settings.flow().orElse(bot.flowReferenceId()), settings.locale().orElse(bot.localeReferenceId()));
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
