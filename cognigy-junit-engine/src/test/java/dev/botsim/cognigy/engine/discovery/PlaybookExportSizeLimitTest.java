package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.descriptor.PlaybookSources;

/**
 * The playbook export is read for its playbooks' lines with the data files' size limit: an export of exactly the limit
 * gives each playbook its line, one byte over gives none — it is never read cut short at the limit, which would place
 * playbooks by a text the file does not end with.
 */
class PlaybookExportSizeLimitTest {

    private static final String EXPORT = "{\n  \"playbooks\": [\n    {\n      \"name\": \"Order status\",\n"
            + "      \"steps\": [ { \"type\": \"user\", \"text\": \"where is my order\" } ]\n    }\n  ]\n}";

    private static int size() {
        return EXPORT.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    @DisplayName("an export of exactly the size limit, on disk or on the class path, places its playbook and step at their lines")
    void atTheLimit(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("playbooks.json"), EXPORT);

        for (PlaybookSources sources : new PlaybookSources[] {PlaybookExportSources.file(file, size()),
                PlaybookExportSources.onClassPath("playbooks.json", file.toUri().toURL(), size())}) {
            assertThat(sources.byName()).containsOnlyKeys("Order status");
            PlaybookSources.Located located = sources.byName().get("Order status");
            assertThat(located.playbook().position().line()).isEqualTo(3);
            assertThat(located.steps()).singleElement().satisfies(step -> assertThat(step.position().line()).isEqualTo(5));
        }
    }

    @Test
    @DisplayName("an export one byte over the size limit (a final line break) is not read, on disk or on the class path:"
            + " its playbooks get no line rather than lines read from a text cut at the limit")
    void oneByteOver(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("playbooks.json"), EXPORT + "\n");

        assertThat(PlaybookExportSources.file(file, size()).byName()).isEmpty();
        assertThat(PlaybookExportSources.onClassPath("playbooks.json", file.toUri().toURL(), size()).byName()).isEmpty();
        assertThat(PlaybookExportSources.file(file, size() + 1).byName()).containsOnlyKeys("Order status");
    }
}
