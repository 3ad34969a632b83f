package dev.botsim.cognigy.engine.backend.playbooks;

import static dev.botsim.cognigy.engine.config.Constants.ENDPOINT_URL_ENV;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_API_KEY_ENV;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_PROJECT_ID;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_URL;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_FILE;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final List<String> listed;
    private final Map<Target, BotUnderTest> deployments;
    private final Optional<PlaybookTenant.StandIn> standIn;

    private PlaybookSession(ManagementClient client, PlaybookRunner runner, List<Selected> selected, List<String> listed,
                            Map<Target, BotUnderTest> deployments, Optional<PlaybookTenant.StandIn> standIn) {
        this.client = client;
        this.runner = runner;
        this.selected = List.copyOf(selected);
        this.listed = List.copyOf(listed);
        this.deployments = Map.copyOf(deployments);
        this.standIn = standIn;
    }

    /**
     * Lists and reads the playbooks {@code settings} select. Needs the tenant.
     *
     * @throws ConfigurationException when the management API is not configured or a target cannot be told
     * @throws dev.botsim.cognigy.engine.backend.BackendException when the tenant cannot be reached or refuses
     */
    public static PlaybookSession open(EngineConfig config, PlaybooksSettings settings, Clock clock, Sleeper sleeper) {
        return open(PlaybookTenant.remote(tenantManagement(config, clock, sleeper)), config, settings, clock, sleeper);
    }

    /**
     * The tenant's management API as the configuration names it, with the URL token of {@code COGNIGY_ENDPOINT_URL}
     * when it is set, so the target can be read from that endpoint.
     */
    public static ManagementApiSchema.Settings tenantManagement(EngineConfig config, Clock clock, Sleeper sleeper) {
        List<String> problems = tenantProblems(config);
        if (!problems.isEmpty()) throw new ConfigurationException(String.join("; ", problems));
        ManagementApiSchema.Settings management = ManagementApiSchema.Settings.of(config.backend().management().url().get(),
                        config.secrets().managementApiKey().get(), config.backend().management().projectId().get())
                .withExpectedSnapshot(config.backend().management().expectedSnapshot())
                .withHttp(config.http()).withRetry(config.retry()).withClock(clock).withSleeper(sleeper)
                .withSecrets(config.secrets());
        Optional<Secret> endpoint = config.secrets().endpointUrl();
        if (endpoint.isPresent()) {
            management = management.withEndpointToken(EndpointUrl.parse(endpoint.get()).map(u -> Secret.of(u.token())).get());
        }
        return management;
    }

    /**
     * What the configuration lacks for the tenant's management API: every missing setting in one problem, and an endpoint
     * URL that is not one (its value is never shown). Empty when {@link #tenantManagement} can be made.
     */
    public static List<String> tenantProblems(EngineConfig config) {
        List<String> missing = config.missingManagementSettings();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) problems.add(missing(String.join(" and ", missing), config.backend().sandbox().bot().isPresent()));
        config.secrets().endpointUrl().flatMap(EndpointUrl::problem).ifPresent(problem -> problems.add(
                "the environment variable " + ENDPOINT_URL_ENV + " " + problem + " (its value is not shown, it is a secret)"));
        return problems;
    }

    /**
     * Lists and reads the playbooks {@code settings} select at {@code tenant}, which the session then owns (a stand-in
     * is closed with it, also when this fails).
     */
    public static PlaybookSession open(PlaybookTenant tenant, EngineConfig config, PlaybooksSettings settings, Clock clock,
                                       Sleeper sleeper) {
        ManagementClient client;
        try {
            client = ManagementClient.open(tenant.management());
        } catch (RuntimeException e) {
            tenant.standIn().ifPresent(PlaybookTenant.StandIn::close);
            throw e;
        }
        try {
            PlaybooksApi api = new PlaybooksApi(client, tenant.management().projectId());
            PlaybookTargets targets = new PlaybookTargets(client, tenant);
            List<Selected> selected;
            List<String> listed;
            if (settings.file().isPresent()) {
                selected = fromFile(api, settings);
                listed = List.of();
            } else {
                Target target = targets.configured(settings);
                List<PlaybooksApi.Listed> project = api.list();
                listed = project.stream().map(PlaybooksApi.Listed::name).toList();
                selected = fromProject(api, project, settings, target);
            }
            if (settings.file().isPresent()) {
                for (Selected s : selected) targets.requireExpectedSnapshot(s.target(), "the entrypoint " + settings.file().get() + " gives it");
            }
            Map<Target, BotUnderTest> deployments = new HashMap<>();
            for (Selected s : selected) deployments.computeIfAbsent(s.target(), targets::describe);
            PlaybookRunner runner = new PlaybookRunner(api, new PlaybookRunner.Settings(config.maxConcurrency(),
                    timeout(selected), tenant.management().http().call(), clock, sleeper));
            return new PlaybookSession(client, runner, selected, listed, deployments, tenant.standIn());
        } catch (RuntimeException e) {
            client.close();
            tenant.standIn().ifPresent(PlaybookTenant.StandIn::close);
            throw e;
        }
    }

    private static String missing(String keys, boolean sandboxBot) {
        // With the sandbox's bot set, the management URL is what makes the run a tenant's.
        return "cognigy.backend=playbooks reads the project's playbooks through the management API: set " + keys + ", or "
                + (sandboxBot ? "leave out " + MANAGEMENT_URL + " to run against the embedded sandbox cognigy.sandbox.bot starts"
                : "cognigy.sandbox.bot (with cognigy.sandbox.playbooks for the project's playbooks) to run against the embedded sandbox")
                + " (see docs/playbooks.md)";
    }

    private static Duration timeout(List<Selected> selected) {
        return selected.stream().map(s -> timeout(s.playbook().steps().size(), s.playbook().stepTimeout()))
                .max(Duration::compareTo).orElse(timeout(1));
    }

    /** How long a run of playbooks of at most {@code steps} steps may take before it is given up. */
    static Duration timeout(int steps) {
        return timeout(steps, Playbook.DEFAULT_STEP_TIMEOUT);
    }

    /**
     * The same for steps Cognigy waits up to {@code stepTimeout} for: each step is allowed the longer of that and
     * {@link #PER_STEP}, so a run Cognigy lets take its time is never given up before Cognigy would end it.
     */
    static Duration timeout(int steps, Duration stepTimeout) {
        Duration perStep = stepTimeout.compareTo(PER_STEP) > 0 ? stepTimeout : PER_STEP;
        return BASE.plus(perStep.multipliedBy(steps));
    }

    public List<Selected> selected() {
        return selected;
    }

    /** The names of the project's playbooks, as the tenant listed them; empty when a file named the playbooks. */
    public List<String> listed() {
        return listed;
    }

    /** The deployment {@code playbook} runs against, as reports name it: project, flow, locale and snapshot. */
    public BotUnderTest deployment(Selected playbook) {
        return deployments.get(playbook.target());
    }

    /** What the embedded sandbox counted of the run so far; empty against a tenant. */
    public Optional<Map<String, String>> standInCounters() {
        return standIn.map(PlaybookTenant.StandIn::counters);
    }

    /**
     * The project's sandbox, when the management API the playbooks are listed, read and run at said it is one (its
     * answers carry the sandbox's header): a sandbox started on its own and configured as the tenant.
     */
    public Optional<String> sandboxSeen() {
        return client.sandboxSeen();
    }

    /** Runs one selected playbook; waits while ten runs are in flight. */
    public PlaybookRunner.Outcome run(Selected playbook) {
        return runner.run(playbook.playbook(), playbook.target());
    }

    private static List<Selected> fromProject(PlaybooksApi api, List<PlaybooksApi.Listed> project, PlaybooksSettings settings,
                                              Target target) {
        NameGlob glob = NameGlob.of(settings.include());
        List<Selected> selected = new ArrayList<>();
        for (PlaybooksApi.Listed listed : project) {
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
        List<List<String>> named = new ArrayList<>();
        Map<String, Integer> entryOf = new HashMap<>();
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
            // A playbook is one container of the run, by its _id: a second entry for it would silently not run.
            Integer earlier = entryOf.putIfAbsent(values.get(0), i);
            if (earlier != null) {
                throw new ConfigurationException(PLAYBOOKS_FILE + "=" + file + ": entries " + earlier + " and " + i + " both name"
                        + " playbook " + values.get(0) + "; a run runs a playbook once, so one of them would not run: keep one"
                        + " entry per playbook, and run it against another flow, locale or entrypoint in a run of its own");
            }
            named.add(values);
        }
        List<Selected> selected = new ArrayList<>();
        for (List<String> values : named) {
            selected.add(new Selected(api.read(values.get(0)), new Target(values.get(1), values.get(2), values.get(3))));
        }
        return selected;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            standIn.ifPresent(PlaybookTenant.StandIn::close);
        }
    }
}
