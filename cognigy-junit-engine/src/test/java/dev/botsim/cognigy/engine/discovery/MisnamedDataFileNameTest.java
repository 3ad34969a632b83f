package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
