package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.playbooks.NameGlob;

/**
 * Several selected classes' {@code @BotSimulation(playbooks)} globs become one: it must accept exactly the playbooks any
 * of them accepts alone, whatever braces, commas and backslashes a glob holds, or a class would run another's
 * playbooks, or none of its own.
 */
class PlaybookGlobUnionTest {

    /** Each glob beside {@code Order*}, with names it accepts alone and names it does not. */
    private static final Map<String, List<String>> GLOBS = Map.of(
            "Checkout, guest user", List.of("Checkout, guest user", "Checkout", " guest user"),
            "Return{s,ed} item", List.of("Returns item", "Returned item", "Return{s item", "Returns"),
            "Refund}", List.of("Refund}", "Refund"),
            "{Open", List.of("Open", "{Open"),
            "Price \\*", List.of("Price *", "Price tag"),
            "Trailing\\", List.of("Trailing\\", "Trailing"),
            "Escaped \\, comma", List.of("Escaped , comma", "Escaped \\, comma"),
            "Nested {a,{b,c}} end", List.of("Nested a end", "Nested c end", "Nested {b end"));

    @Test
    @DisplayName("the union of two globs accepts a name exactly when one of them accepts it alone")
    void unionAcceptsWhatEachAccepts() {
        GLOBS.forEach((glob, names) -> {
            NameGlob union = NameGlob.of(PlaybookClasses.union(List.of("Order*", glob)));
            for (String name : names) {
                boolean alone = NameGlob.of(glob).matches(name) || NameGlob.of("Order*").matches(name);
                assertThat(union.matches(name)).as("%s in %s", name, union.glob()).isEqualTo(alone);
            }
            assertThat(union.matches(names.get(0))).as("%s in %s", names.get(0), union.glob()).isTrue();
            assertThat(union.matches("Order 7")).isTrue();
        });
    }

    @Test
    @DisplayName("one glob is used as written")
    void oneGlobAsWritten() {
        assertThat(PlaybookClasses.union(List.of("Checkout, guest user"))).isEqualTo("Checkout, guest user");
    }
}
