package dev.botsim.cognigy.engine.backend.factory;

import static dev.botsim.cognigy.engine.config.Constants.SANDBOX_PLAYBOOKS;

import java.time.Clock;

import dev.botsim.cognigy.engine.backend.playbooks.PlaybookSession;
import dev.botsim.cognigy.engine.backend.sandbox.SandboxPlaybookTenant;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.PlaybooksSettings;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * The playbook session {@code cognigy.backend=playbooks} discovers and runs through: a tenant's management API when
 * {@code cognigy.management.url} is set, else, with {@code cognigy.sandbox.bot}, the embedded sandbox's, started here
 * (at discovery, where this mode lists playbooks) with the playbooks of {@code cognigy.sandbox.playbooks}.
 */
public final class PlaybookSessions {

    private PlaybookSessions() {
    }

    public static PlaybookSession open(EngineConfig config, PlaybooksSettings settings, Clock clock, Sleeper sleeper) {
        BackendSettings backend = config.backend();
        if (backend.management().url().isPresent() || backend.sandbox().bot().isEmpty()) {
            return PlaybookSession.open(config, settings, clock, sleeper);
        }
        Backends.requireSandboxOnClassPath();
        return PlaybookSession.open(SandboxPlaybookTenant.start(backend.sandbox().bot().get(), backend.sandbox().playbooks(),
                backend.sandbox().processingTime(), SANDBOX_PLAYBOOKS, management -> management.withHttp(config.http())
                        .withRetry(config.retry()).withClock(clock).withSleeper(sleeper)), config, settings, clock, sleeper);
    }
}
