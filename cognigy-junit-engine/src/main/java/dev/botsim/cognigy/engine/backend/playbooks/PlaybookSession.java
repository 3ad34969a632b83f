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
import dev.botsim.cognigy.engine.support.JsonSyntaxError;
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
        return BASE.plus(perStep(stepTimeout).multipliedBy(steps));
    }

    /**
     * What a run allows one step whose answer Cognigy waits up to {@code stepTimeout} for: the longer of that and
     * {@link #PER_STEP}. Also how long a task this run cancelled is followed through {@code cancelling}: a tenant stops it
     * at the step under way, which ends within that.
     */
    static Duration perStep(Duration stepTimeout) {
        return stepTimeout.compareTo(PER_STEP) > 0 ? stepTimeout : PER_STEP;
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

    /** What every message about the file ends with: the format it must have. */
    private static final String CLI_FORMAT = "it must be Cognigy CLI's playbooks.json: [{\"playbookId\", \"entrypoint\","
            + " \"flowId\", \"localeId\"}]";

    /** One entry of the file, numbered from 1, with the line its {@code {} stands on. */
    private record Entry(int number, int line, List<String> values) {

        String shown() {
            return "entry " + number + " (line " + line + ")";
        }
    }

    /**
     * Cognigy's CLI format: {@code [{playbookId, entrypoint, flowId, localeId}]}. Every problem names the file as given
     * and where in it: the line and column of a syntax error, an entry by its number from 1 and its line; a file not
     * there says where it was looked for, as a relative path is read from the working directory, which Cognigy's CLI
     * users keep their {@code ./playbooks.json} in and a build tool sets to the module's directory.
     */
    private static List<Selected> fromFile(PlaybooksApi api, PlaybooksSettings settings) {
        java.nio.file.Path file = settings.file().get();
        String named = PLAYBOOKS_FILE + "=" + file;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigurationException(named + ": there is no such file (looked for " + file.toAbsolutePath().normalize()
                    + "; a relative path is read from the working directory, the module's directory under Maven or Gradle):"
                    + " give its path from there, or an absolute one");
        } catch (IOException e) {
            throw new ConfigurationException(named + " cannot be read (" + e.getClass().getSimpleName() + "); " + CLI_FORMAT);
        }
        // Each entry is read as a tree from the one parser over the array, which goes on after it.
        JsonMapper json = JsonMapper.builder().disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        List<Entry> entries = new ArrayList<>();
        try (tools.jackson.core.JsonParser parser = json.createParser(bytes)) {
            if (parser.nextToken() != tools.jackson.core.JsonToken.START_ARRAY) {
                throw new ConfigurationException(named + " is not a JSON array; " + CLI_FORMAT);
            }
            while (parser.nextToken() != tools.jackson.core.JsonToken.END_ARRAY) {
                Entry entry = new Entry(entries.size() + 1, parser.currentTokenLocation().getLineNr(), new ArrayList<>());
                JsonNode node = json.readTree(parser);
                for (String field : List.of("playbookId", "entrypoint", "flowId", "localeId")) {
                    String value = node.path(field).asString("");
                    if (value.isBlank()) {
                        throw new ConfigurationException(named + ": " + entry.shown() + " has no \"" + field
                                + "\"; every entry names playbookId, entrypoint, flowId and localeId");
                    }
                    entry.values().add(value);
                }
                entries.add(entry);
            }
        } catch (JacksonException e) {
            tools.jackson.core.TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            // What the parser could not read is said by its kind and length: the file named may be another, a credentials file.
            throw new ConfigurationException(named + where + " is not valid JSON: " + JsonSyntaxError.what(e) + "; " + CLI_FORMAT);
        }
        Map<String, Entry> entryOf = new HashMap<>();
        for (Entry entry : entries) {
            // A playbook is one container of the run, by its _id: a second entry for it would silently not run.
            Entry earlier = entryOf.putIfAbsent(entry.values().get(0), entry);
            if (earlier != null) {
                throw new ConfigurationException(named + ": " + earlier.shown() + " and " + entry.shown() + " both name"
                        + " playbook " + entry.values().get(0) + "; a run runs a playbook once, so one of them would not run: keep"
                        + " one entry per playbook, and run it against another flow, locale or entrypoint in a run of its own");
            }
        }
        List<Selected> selected = new ArrayList<>();
        for (Entry entry : entries) {
            List<String> values = entry.values();
            Playbook playbook;
            try {
                playbook = api.read(values.get(0));
            } catch (dev.botsim.cognigy.engine.backend.management.ManagementRefusal e) {
                if (e.status() != 404) throw e;
                // A playbook deleted in Cognigy since the file was written: the entry to fix, not only the URL that failed.
                throw new ConfigurationException(named + ": " + entry.shown() + " names playbook " + values.get(0) + ", which"
                        + " the project does not have (" + e.answered() + "): it was deleted in Cognigy, or the id is another"
                        + " project's; remove the entry or correct its playbookId");
            }
            selected.add(new Selected(playbook, new Target(values.get(1), values.get(2), values.get(3))));
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
