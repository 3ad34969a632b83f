package dev.botsim.cognigy.engine.discovery.datafile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FileProblemTest {

    @Test
    @DisplayName("toString is resource:line:column: message, or resource: message for whole-file problems")
    void format() {
        assertThat(new FileProblem("a/b.sim.yaml", 7, 3, "bad")).hasToString("a/b.sim.yaml:7:3: bad");
        assertThat(new FileProblem("a/b.sim.yaml", 7, 0, "bad")).hasToString("a/b.sim.yaml:7:1: bad");
        assertThat(new FileProblem("a/b.sim.yaml", 0, 0, "too big")).hasToString("a/b.sim.yaml: too big");
    }

    @Test
    @DisplayName("problems order by line, then column, then message")
    void order() {
        FileProblem a = new FileProblem("f", 2, 5, "b");
        FileProblem b = new FileProblem("f", 2, 5, "c");
        FileProblem c = new FileProblem("f", 2, 9, "a");
        FileProblem d = new FileProblem("f", 10, 1, "a");
        List<FileProblem> list = new ArrayList<>(List.of(d, c, b, a));

        Collections.sort(list);

        assertThat(list).containsExactly(a, b, c, d);
    }

    @Test
    @DisplayName("a message of exactly the longest kept length stays whole; a longer one is cut in its middle, saying how"
            + " many characters were cut")
    void longMessageBoundary() {
        String exact = "a".repeat(FileProblem.LONGEST - 1) + "\uD83D\uDE00";
        String longer = "w".repeat(600) + "x".repeat(300) + "f".repeat(300);

        assertThat(new FileProblem("f", 1, 1, exact).message()).isEqualTo(exact);
        assertThat(new FileProblem("f", 1, 1, longer).message())
                .isEqualTo("w".repeat(600) + "… (300 characters cut) …" + "f".repeat(300));
    }
}
