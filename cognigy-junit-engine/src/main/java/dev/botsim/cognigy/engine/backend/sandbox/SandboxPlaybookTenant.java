package dev.botsim.cognigy.engine.backend.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookTenant;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.generated.PlaybookCompiler;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.InvalidBotDefinitionException;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.sandbox.SandboxStats;

/**
 * The embedded sandbox as the tenant of {@code cognigy.backend=playbooks}: started at discovery with the playbooks of
 * a JSON export, its management API read and run as a tenant's is, and closed with the playbook session. Its own
 * counters (the most executions at once, tasks cancelled, management requests, generated playbooks not yet deleted) are
 * what the run reports of it. Mode {@code generated} starts it at the run's start, without a seed.
 */
public final class SandboxPlaybookTenant implements PlaybookTenant.StandIn {

    private final CognigySandbox sandbox;
    private final Optional<Path> copiedSeed;

    private SandboxPlaybookTenant(CognigySandbox sandbox, Optional<Path> copiedSeed) {
        this.sandbox = sandbox;
        this.copiedSeed = copiedSeed;
    }

    /**
     * Starts the sandbox for {@code bot} with the playbooks of {@code seed} ({@code classpath:...} or a path), and the
     * tenant that reaches it: its management API, project and REST endpoint (whose flow, locale and snapshot are the
     * default target).
     *
     * @param management the engine's HTTP, retry, clock and sleeper settings applied to the sandbox's address and key
     */
    public static PlaybookTenant start(String bot, Optional<String> seed, Duration processingTime, String seedKey,
                                       java.util.function.UnaryOperator<ManagementApiSchema.Settings> management) {
        BotDefinition definition;
        try {
            definition = EmbeddedSandbox.load(bot);
        } catch (InvalidBotDefinitionException e) {
            throw new ConfigurationException("the sandbox bot definition is invalid:\n" + e.getMessage());
        }
        Optional<Path> copied = Optional.empty();
        SandboxOptions options = SandboxOptions.defaults().withProcessingTime(processingTime);
        if (seed.isPresent()) {
            Seed file = seedFile(seed.get(), seedKey);
            copied = file.copied() ? Optional.of(file.path()) : Optional.empty();
            options = options.withPlaybookSeed(file.path());
        }
        CognigySandbox sandbox;
        try {
            sandbox = CognigySandbox.start(definition, options);
        } catch (InvalidBotDefinitionException e) {
            copied.ifPresent(SandboxPlaybookTenant::delete);
            throw new ConfigurationException(seedKey + "=" + seed.orElse("") + " is not a playbook export the sandbox can load: "
                    + e.getMessage() + " (see docs/sandbox.md#playbooks)");
        } catch (RuntimeException e) {
            copied.ifPresent(SandboxPlaybookTenant::delete);
            throw e;
        }
        SandboxPlaybookTenant standIn = new SandboxPlaybookTenant(sandbox, copied);
        String token = sandbox.endpointUrl().substring(sandbox.endpointUrl().lastIndexOf('/') + 1);
        ManagementApiSchema.Settings settings = management.apply(ManagementApiSchema.Settings.of(sandbox.managementUrl(),
                Secret.of(sandbox.managementApiKey()), sandbox.projectId())).withEndpointToken(Secret.of(token));
        return new PlaybookTenant(settings, Optional.of(standIn));
    }

    private record Seed(Path path, boolean copied) {
    }

    /** A file the sandbox can read: a path as given, a class path resource as its file or, inside a jar, a copy. */
    private static Seed seedFile(String seed, String key) {
        SandboxFile where = SandboxFile.playbooks(key, seed);
        Optional<String> missing = where.missing();
        if (missing.isPresent()) throw new ConfigurationException(missing.get());
        // Found: a classpath: seed's resource is on the class path, any other seed is a file.
        Optional<URL> resource = where.resource().flatMap(SandboxFile::onClassPath);
        if (resource.isEmpty()) return new Seed(Path.of(seed), false);
        URL url = resource.get();
        if (url.getProtocol().equals("file")) {
            try {
                return new Seed(Path.of(url.toURI()), false);
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a plain file after all: copied below
            }
        }
        try (InputStream in = url.openStream()) {
            Path copy = Files.createTempFile("cognigy-playbooks-", ".json");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return new Seed(copy, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + "=" + seed, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind; the system's temporary folder is cleaned in time
        }
    }

    @Override
    public Map<String, String> counters() {
        SandboxStats stats = sandbox.stats();
        Map<String, String> counters = new LinkedHashMap<>();
        counters.put("peak-playbook-executions", String.valueOf(stats.peakPlaybookExecutions()));
        counters.put("playbook-tasks-scheduled", String.valueOf(stats.playbookTasksScheduled()));
        counters.put("playbook-tasks-cancelled", String.valueOf(stats.playbookTasksCancelled()));
        counters.put("management-requests", String.valueOf(stats.requests("management")));
        // Temporary playbooks of mode generated still at the sandbox: each is deleted once its run is read.
        counters.put("generated-playbooks", String.valueOf(sandbox.playbookNames().stream()
                .filter(name -> name.startsWith(PlaybookCompiler.NAME_PREFIX)).count()));
        return counters;
    }

    @Override
    public void close() {
        try {
            sandbox.close();
        } finally {
            copiedSeed.ifPresent(SandboxPlaybookTenant::delete);
        }
    }
}
