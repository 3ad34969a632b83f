package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.annotations.Mode;

/** The name {@link MisnamedDataFiles} tells a file named like a data file to take. */
class MisnamedDataFileNameTest {

    @ParameterizedTest(name = "{0}: rename it {1}")
    @CsvSource({
            "hours.sim.yam,              hours.sim.yaml",
            "data/hours.sim.yaml.txt,    hours.sim.yaml",
            "hours.sim.js,               hours.sim.json",
            "hours.sim.cs,               hours.sim.csv",
            "İstanbul.sim.yam,           İstanbul.sim.yaml",
            "data/İzmir-hours.SIM.yml.txt, İzmir-hours.SIM.yml"})
    @DisplayName("a misspelt or cut ending is named as meant: one it begins is completed, whatever letters the name holds"
            + " before it (a Turkish İ lower-cases to two characters)")
    void renameTo(String shown, String meant) {
        assertThat(MisnamedDataFiles.warning(shown, new byte[0], 1000, name -> false)).get().asString().endsWith("; rename it " + meant);
    }

    @ParameterizedTest(name = "{0} is a copy meant not to run")
    @ValueSource(strings = {"hours.sim.yaml.bak", "hours.sim.yaml.bak2", "hours.sim.yaml.orig", "hours.sim.yaml~",
            "hours.sim.yaml.disabled", "hours.sim.csv.skip", "hours.sim.json.off", "hours.sim.yml.ignored"})
    @DisplayName("a kept copy or a file switched off by its ending is not pointed out: renaming it would run it beside the file"
            + " it copies")
    void copiesAreLeftAlone(String name) {
        assertThat(MisnamedDataFiles.candidate(name)).isFalse();
        assertThat(MisnamedDataFiles.warning(name, new byte[0], 1000, n -> false)).isEmpty();
    }

    @Test
    @DisplayName("on the class path, the name to give is looked up beside the resource, in its own folder: taken there, the"
            + " file is told it looks like a copy; taken in another folder only, it is told to take the name")
    void nameTakenOnTheClassPath(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("sims/old"));
        for (String name : new String[] {"sims/hours.sim.yaml", "sims/hours.sim.yaml.txt", "sims/old/orders.sim.yaml.txt",
                "sims/orders.sim.yaml"}) {
            Files.writeString(root.resolve(name), "cases: []\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            DataFiles files = new DataFiles(1 << 20, Mode.FLOW, loader);

            assertThat(files.misnamed("sims/hours.sim.yaml.txt")).get().asString()
                    .endsWith("; hours.sim.yaml beside it is read: if this is a copy of it, end this one's name in .bak (or"
                            + " delete it); if it holds other cases, give it another data file's name");
            assertThat(files.misnamed("sims/old/orders.sim.yaml.txt")).get().asString().endsWith("; rename it orders.sim.yaml");
        }
    }
}
