package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a person opens it: escaped, self-contained, and working in a real browser. */
class HtmlReportTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Path report(Path dir) {
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectClasspathResource("fixtures/html/report.sim.yaml")).execute();
        return dir.resolve("index.html");
    }

    @Test
    @DisplayName("index.html is self-contained and shows user data as text: an utterance with <script> cannot run")
    void escapedAndSelfContained(@TempDir Path dir) throws Exception {
        String html = Files.readString(report(dir), StandardCharsets.UTF_8);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; I want a human")
                .doesNotContain("<script>alert(1)")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import");
        assertThat(html).contains("flow_billing", "not reached", "check_order", "FLOW_NOT_DEPLOYED");
    }

    @Test
    @DisplayName("in headless Chromium the page's script runs without error and the figures are on the page")
    void rendersInChromium(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium): browser check skipped");
        Path page = report(dir);
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> flags = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        Process dump = new ProcessBuilder(concat(flags, "--virtual-time-budget=2000", "--dump-dom", page.toUri().toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // "4 shown" is written by the page's script: it ran, and it counted every simulation.
        assertThat(dom).contains("4 shown").contains("REVIEW_REQUIRED").contains("2 / 4");
        Path screenshot = Path.of("target/report-screenshot.png").toAbsolutePath();
        Process shot = new ProcessBuilder(concat(flags, "--screenshot=" + screenshot, page.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(shot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.size(screenshot)).isPositive();
    }

    private static List<String> concat(List<String> flags, String... more) {
        List<String> all = new java.util.ArrayList<>(flags);
        all.addAll(List.of(more));
        return all;
    }
}
