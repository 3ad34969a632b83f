package dev.botsim.cognigy.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReportEntriesTest {

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
