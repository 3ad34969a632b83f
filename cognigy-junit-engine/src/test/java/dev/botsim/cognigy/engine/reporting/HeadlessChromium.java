package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The page as a real browser reads it: headless Chromium loads a URL, runs the page's own script (for two seconds of
 * virtual time) and prints the DOM it ends with. A test needing it is skipped where Chromium is not installed.
 */
final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** Skips the calling test, saying why, where Chromium is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium): browser check skipped");
    }

    /** The DOM of {@code url} once its script ran, in a profile of its own (nothing shared between loads). */
    static String dom(String url) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process dump = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=2000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return dom;
    }
}
