package dev.botsim.cognigy.engine.backend.factory;

import static dev.botsim.cognigy.engine.config.Constants.SANDBOX_PLAYBOOKS;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.nlu.NluBackend;
import dev.botsim.cognigy.engine.backend.nlu.NluSettings;
import dev.botsim.cognigy.engine.backend.playbooks.GeneratedPlaybooksBackend;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookSession;
import dev.botsim.cognigy.engine.backend.playbooks.PlaybookTenant;
import dev.botsim.cognigy.engine.backend.sandbox.SandboxPlaybookTenant;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.PlaybooksSettings;
import dev.botsim.cognigy.engine.generated.GeneratedSuite;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * Where {@code cognigy.backend=playbooks} runs, in both modes: a tenant's management API when
 * {@code cognigy.management.url} is set, else, with {@code cognigy.sandbox.bot}, the embedded sandbox's, started here
 * with the playbooks of {@code cognigy.sandbox.playbooks} — at discovery for mode {@code existing} (which lists
 * playbooks there), at the run's start for mode {@code generated}.
 */
public final class PlaybookSessions {

    private PlaybookSessions() {
    }

    /** Mode {@code existing}: the project's playbooks, listed and read at the tenant or the embedded sandbox. */
    public static PlaybookSession open(EngineConfig config, PlaybooksSettings settings, Clock clock, Sleeper sleeper) {
        return PlaybookSession.open(tenant(config, clock, sleeper), config, settings, clock, sleeper);
    }

    /**
     * Mode {@code generated}: the run's playbooks created, run and deleted at the tenant or the embedded sandbox, and
     * tests in {@code mode: nlu} scored by the NLU of the same Cognigy, as beside every other backend.
     */
    public static Generated generated(EngineConfig config, PlaybooksSettings settings, GeneratedSuite suite, Clock clock,
                                      Sleeper sleeper) {
        PlaybookTenant tenant = tenant(config, clock, sleeper);
        GeneratedPlaybooksBackend playbooks = GeneratedPlaybooksBackend.open(tenant, config, settings, suite, clock, sleeper);
        Backend backend = new ModeRouting(playbooks, () -> new NluBackend(tenant.management()
                .withExpectedSnapshot(config.backend().management().expectedSnapshot()), NluSettings.of(config.parameters())));
        return new Generated(backend, playbooks::standInCounters);
    }

    /**
     * The run's backend in mode {@code generated}, and what the embedded sandbox counted of the run when it runs there.
     *
     * @param standInCounters the sandbox's counters ({@code peak-playbook-executions}, {@code generated-playbooks}, ...);
     *                        empty against a tenant
     */
    public record Generated(Backend backend, Supplier<Optional<Map<String, String>>> standInCounters) {
    }

    /** Whether playbooks run at a tenant ({@code cognigy.management.url}, or no sandbox bot) rather than the embedded sandbox. */
    static boolean atTenant(BackendSettings backend) {
        return backend.management().url().isPresent() || backend.sandbox().bot().isEmpty();
    }

    /**
     * The playbook export ({@code cognigy.sandbox.playbooks}, as written) the playbooks of mode {@code existing} come
     * from: present when they run at the embedded sandbox started with it; empty when they are read from a tenant.
     */
    public static Optional<String> export(EngineConfig config) {
        return atTenant(config.backend()) ? Optional.empty() : config.backend().sandbox().playbooks();
    }

    /** The tenant the configuration names, or the embedded sandbox, started now, when it names a sandbox bot instead. */
    private static PlaybookTenant tenant(EngineConfig config, Clock clock, Sleeper sleeper) {
        BackendSettings backend = config.backend();
        if (atTenant(backend)) {
            return PlaybookTenant.remote(PlaybookSession.tenantManagement(config, clock, sleeper));
        }
        Backends.requireSandboxOnClassPath();
        return SandboxPlaybookTenant.start(backend.sandbox().bot().get(), backend.sandbox().playbooks(),
                backend.sandbox().processingTime(), SANDBOX_PLAYBOOKS, management -> management.withExpectedSnapshot(config.backend().management().expectedSnapshot())
                        .withHttp(config.http()).withRetry(config.retry()).withClock(clock).withSleeper(sleeper)
                        .withSecrets(config.secrets()));
    }
}
