package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.transport.JvmProperties;

/**
 * A bad value in {@code src/test/resources/junit-platform.properties} is reported with the file and line it is set on,
 * one given as {@code -D} as that system property, and one the launcher gave explicitly (which overrides both, and
 * which JUnit does not tell apart) with nothing said of where it came from.
 */
class ValueOriginTest {

    /** Comments, a blank line, continuation lines, ':' and ' ' separators, an escape in a key, a key set twice. */
    private static final String FILE = String.join("\n",
            "# Cognigy settings for the suite",
            "! a comment ending in a backslash does not go on \\",
            "cognigy.execution.max-concurency = 4",
            "",
            "cognigy.execution.max-concurrency : fifty",
            "cognigy.http.connect-timeout \\",
            "    3 parsecs",
            "cognigy.http.read-timeout=1s",
            "   cognigy.\\u0068ttp.read-timeout=soon",
            "cognigy.http.call-timeout=later",
            "cognigy.backend=rest",
            "");

    @Test
    @DisplayName("each problem names the junit-platform.properties line, the -D property or nothing, as its value came")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void problemsNameWhereTheirValueCameFrom(@TempDir Path root) throws Exception {
        Path file = root.resolve(ParameterOrigins.FILE_NAME);
        Files.writeString(file, FILE, StandardCharsets.ISO_8859_1);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        List<String> problems;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, before);
             JvmProperties setMeanwhile = JvmProperties.set(Constants.BACKEND, "rest")) {
            thread.setContextClassLoader(loader);
            Throwable failure = EngineTestKit.engine(new CognigyTestEngine()).enableImplicitConfigurationParameters(true)
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.REPORT_DIR, root.resolve("reports").toString())
                    .configurationParameter(Constants.HTTP_CALL_TIMEOUT, "never")
                    .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute()
                    .containerEvents().failed().stream()
                    .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                    .findFirst().orElseThrow();
            assertThat(failure).isInstanceOf(ConfigurationException.class);
            problems = failure.getMessage().lines().filter(l -> l.startsWith("  - ")).map(l -> l.substring(4)).toList();
        } finally {
            thread.setContextClassLoader(before);
        }

        String at = " (from " + file + ":";
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("unknown configuration key cognigy.execution.max-concurency"
                + " — did you mean 'cognigy.execution.max-concurrency'?").endsWith(at + "3)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("cognigy.execution.max-concurrency=fifty ")
                .endsWith(at + "5)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("cognigy.http.connect-timeout=3 parsecs is not a duration")
                .endsWith(at + "6)"));
        // Set twice: the later line is the one JUnit read.
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("cognigy.http.read-timeout=soon is not a duration")
                .endsWith(at + "9)"));
        // -D wins over the file: named as the system property, though the file holds the same value.
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("cognigy.backend=rest ")
                .contains(" (from -Dcognigy.backend)").doesNotContain(file.toString()));
        // The launcher's explicit value, not the file's: where it came from is not said.
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("cognigy.http.call-timeout=never is not a duration")
                .doesNotContain(" (from "));
    }

    @Test
    @DisplayName("a file is read into the keys and values Properties.load reads, each with the line its logical line starts on")
    void readsAsTheJdkDoes() throws Exception {
        String text = "a=1\r\n# c \\\r\n  b \\\r\n  : 2 \\\\\rc\\ d\\:e \\\n\\\n  f\n\n\t\fg\\\n  #h\n\\u0069=\\u00e9\\tx\nj\n";
        ParameterOrigins.PropertiesFile read = ParameterOrigins.PropertiesFile.parse("p", text);
        Properties jdk = new Properties();
        jdk.load(new StringReader(text));

        assertThat(read.values()).isEqualTo(jdk);
        assertThat(read.place("a")).contains("p:1");
        assertThat(read.place("b")).contains("p:3");
        assertThat(read.place("c d:e")).contains("p:5");
        assertThat(read.place("g#h")).contains("p:9");
        assertThat(read.place("i")).contains("p:11");
        assertThat(read.place("j")).contains("p:12");
        assertThat(read.place("f")).isEmpty();
    }
}
