package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertThat(MisnamedDataFiles.warning(shown, new byte[0], 1000)).get().asString().endsWith("; rename it " + meant);
    }

    @ParameterizedTest(name = "{0} is a copy meant not to run")
    @ValueSource(strings = {"hours.sim.yaml.bak", "hours.sim.yaml.bak2", "hours.sim.yaml.orig", "hours.sim.yaml~",
            "hours.sim.yaml.disabled", "hours.sim.csv.skip", "hours.sim.json.off", "hours.sim.yml.ignored"})
    @DisplayName("a kept copy or a file switched off by its ending is not pointed out: renaming it would run it beside the file"
            + " it copies")
    void copiesAreLeftAlone(String name) {
        assertThat(MisnamedDataFiles.candidate(name)).isFalse();
        assertThat(MisnamedDataFiles.warning(name, new byte[0], 1000)).isEmpty();
    }
}
