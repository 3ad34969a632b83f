package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

class ReportEntriesTest {

    @Test
    @DisplayName("every report entry the engine publishes is made by ReportEntries: none is written raw elsewhere, where a"
            + " retry's answer, a file's name or a tenant's text could start a line of its own or be blank")
    void everyEntryIsMadeHere() {
        ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("dev.botsim.cognigy.engine.support")
                .should().callMethod(ReportEntry.class, "from", String.class, String.class)
                .orShould().callMethod(ReportEntry.class, "from", Map.class)
                .because("ReportEntries writes each value on one line and never blank")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.botsim.cognigy.engine"));
    }

    @Test
    @DisplayName("a value holding line breaks, a line separator or a bidirectional override is written on one line, visibly")
    void valueOnOneLine() {
        assertThat(ReportEntries.of("cognigy.assert.1", "assertText\n::error title=x::forged\r\u2028\u202e").getKeyValuePairs())
                .containsExactly(Map.entry("cognigy.assert.1", "assertText\\n::error title=x::forged\\r\\u2028\\u202e"));
    }

    @Test
    @DisplayName("a blank value, which JUnit refuses, is written quoted, and a missing one as (none), so the node publishing it"
            + " does not fail for it; the pairs keep their order")
    void blankAndMissingValues() {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("cognigy.playbook.locale", " ");
        pairs.put("cognigy.playbook.flow", null);
        pairs.put("cognigy.playbook.entrypoint", "");

        assertThat(ReportEntries.of(pairs).getKeyValuePairs()).containsExactly(Map.entry("cognigy.playbook.locale", "\" \""),
                Map.entry("cognigy.playbook.flow", "(none)"), Map.entry("cognigy.playbook.entrypoint", "\"\""));
        assertThat(ReportEntries.of("cognigy.assert.1", "\t").getKeyValuePairs()).containsEntry("cognigy.assert.1", "\\t");
    }
}
