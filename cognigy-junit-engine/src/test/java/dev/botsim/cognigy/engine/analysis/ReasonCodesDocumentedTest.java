package dev.botsim.cognigy.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The verdict reasons' codes are what a tool branches on: each code the engine gives is listed where tool authors read
 * them — the listener API's {@code GovernanceReason} javadoc and docs/reports.md — so a code added with a feature is not
 * left for them to discover in a payload.
 */
class ReasonCodesDocumentedTest {

    private static final Path SPI = Path.of("..", "cognigy-junit-annotations", "src", "main", "java", "dev", "botsim",
            "cognigy", "spi", "GovernanceReason.java");
    private static final Path REPORTS = Path.of("..", "docs", "reports.md");

    private static List<String> codes() throws IllegalAccessException {
        List<String> codes = new ArrayList<>();
        for (Field field : VerdictReasons.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) codes.add((String) field.get(null));
        }
        return codes;
    }

    @Test
    @DisplayName("every reason code of VerdictReasons is listed in GovernanceReason's javadoc and in docs/reports.md")
    void everyCodeListed() throws Exception {
        List<String> codes = codes();
        assertThat(codes).contains(VerdictReasons.BELOW_THRESHOLD, VerdictReasons.LOCALE_NOTHING_RAN, VerdictReasons.DEFERRED);
        String spi = Files.readString(SPI);
        String reports = Files.readString(REPORTS);
        assertThat(codes).allSatisfy(code -> {
            assertThat(spi).as("GovernanceReason's javadoc").contains("{@code " + code + "}");
            assertThat(reports).as("docs/reports.md").contains("`" + code + "`");
        });
    }
}
