package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The page as a real browser reads it: headless Chromium loads a URL in a window of a given size, runs the page's own
 * script (for two seconds of virtual time) and prints the DOM it ends with, or takes a screenshot. Each load has a
 * profile of its own, so nothing is shared between loads. A test needing it is skipped where Chromium is not installed.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** Skips the calling test, saying why, where Chromium is not installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium): browser check skipped");
    }

    /** The DOM of {@code url} once its script ran, in a window of a desktop's size (1280 × 900). */
    public static String dom(String url) throws Exception {
        return dom(url, 1280, 900);
    }

    /**
     * The DOM of {@code url} once its script ran, in a window {@code width} × {@code height} px. Chromium's window is at
     * least 500 px wide: a narrower layout is checked in a frame of that width.
     */
    public static String dom(String url, int width, int height) throws Exception {
        Process dump = new ProcessBuilder(command(width, height, "--virtual-time-budget=10000", "--dump-dom", url))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return dom;
    }

    /** A screenshot of {@code page} in a window {@code width} × {@code height} px, written to {@code png}. */
    public static void screenshot(Path page, int width, int height, Path png) throws Exception {
        Process shot = new ProcessBuilder(command(width, height, "--screenshot=" + png, page.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(shot.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * The page without its Content-Security-Policy, for a check that adds a script of its own: the page's policy lets
     * only the page's script run, so it would refuse the check's.
     */
    public static String withoutPolicy(String html) {
        return html.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
    }

    private static List<String> command(int width, int height, String... what) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + width + "," + height));
        command.addAll(List.of(what));
        return command;
    }
}
