package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;

/** A project that names a sandbox bot but forgot the sandbox dependency. */
class MissingSandboxTest {

    @Test
    @DisplayName("item 6: cognigy.sandbox.bot without cognigy-junit-sandbox on the class path: one message naming the dependency")
    void sandboxNotOnTheClassPath() throws Exception {
        try (WithoutSandbox loader = new WithoutSandbox()) {
            TestEngine engine = (TestEngine) loader.loadClass(CognigyTestEngine.class.getName()).getConstructor().newInstance();
            EngineExecutionResults results = EngineTestKit.engine(engine)
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                    .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
            results.testEvents().assertStatistics(stats -> stats.started(0));
            List<Throwable> failures = results.containerEvents().failed().stream()
                    .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList();
            assertThat(failures).singleElement().satisfies(failure -> {
                assertThat(failure.getClass().getName()).isEqualTo("dev.botsim.cognigy.engine.config.ConfigurationException");
                // Told with the configuration's problems, before the first test.
                assertThat(failure).hasMessageStartingWith("The cognigy engine is misconfigured:")
                        .hasMessageContaining("\n  - cognigy.sandbox.bot is set, but the sandbox is not on the test class path:"
                        + " add dev.botsim.cognigy:cognigy-junit-sandbox (test scope) to the project's dependencies, or remove"
                        + " cognigy.sandbox.bot to run against a Cognigy environment (see docs/configuration.md)\n");
                assertThat(failure.getSuppressed()).isEmpty();
                assertThat(failure.getCause()).isNull();
            });
        }
    }

    /**
     * The engine's own classes, loaded afresh, with the sandbox's classes missing, as on a class path without the
     * {@code cognigy-junit-sandbox} jar; everything else (JUnit, Jackson, OkHttp, the annotations) comes from the
     * test's class path.
     */
    private static final class WithoutSandbox extends URLClassLoader {

        WithoutSandbox() {
            super(new URL[] {CognigyTestEngine.class.getProtectionDomain().getCodeSource().getLocation()},
                    MissingSandboxTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("dev.botsim.cognigy.sandbox.")) throw new ClassNotFoundException(name);
                if (!name.startsWith("dev.botsim.cognigy.engine.")) return super.loadClass(name, resolve);
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) loaded = findClass(name);
                if (resolve) resolveClass(loaded);
                return loaded;
            }
        }
    }
}
