package dev.botsim.cognigy.engine.discovery.datafile;

import org.snakeyaml.engine.v2.api.LoadSettings;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLReadFeature;

/**
 * The three Jackson factories, built once per reader with limits suited to hand-written test data:
 * nothing legitimate nests 64 levels deep, and hostile files must fail fast instead of exhausting
 * the stack or the heap of the build.
 */
final class Factories {

    /** Root, cases, a case, expect, entities: five levels; context may nest a little more. */
    static final int MAX_DEPTH = 64;

    private final YAMLFactory yaml;
    private final JsonFactory json;
    private final CsvFactory csv;

    Factories(int maxChars) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxDocumentLength(maxChars)
                .maxStringLength(maxChars)
                .maxNameLength(1_000)
                .maxNumberLength(100)
                .build();
        LoadSettings loadSettings = LoadSettings.builder()
                .setCodePointLimit(Math.max(maxChars, 1))
                // Jackson streams events and never expands aliases (the tree reader refuses them);
                // these limits guard any future path that composes YAML documents.
                .setMaxAliasesForCollections(1)
                .setAllowRecursiveKeys(false)
                // Jackson turns "no duplicates" into an exception that ends parsing at the first one;
                // the binder reports every duplicate with all its locations instead.
                .setAllowDuplicateKeys(true)
                .setAllowNonScalarKeys(false)
                .setUseMarks(true)
                .build();
        yaml = YAMLFactory.builder()
                .loadSettings(loadSettings)
                .streamReadConstraints(constraints)
                // A key written without a value ('expect:') is YAML's null, as editors and the JSON Schema read
                // it; a quoted '' stays an empty text. Jackson's default, stated: the reader's rules rely on it.
                .enable(YAMLReadFeature.EMPTY_STRING_AS_NULL)
                .disable(YAMLReadFeature.EMPTY_DOCUMENT_AS_EMPTY_OBJECT)
                .build();
        json = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .build();
        csv = CsvFactory.builder()
                .streamReadConstraints(constraints)
                // No schema: rows arrive as arrays, so the header is validated here with positions.
                .enable(CsvReadFeature.WRAP_AS_ARRAY)
                .build();
    }

    TokenStreamFactory treeFactory(Format format) {
        return format == Format.YAML ? yaml : json;
    }

    CsvFactory csv() {
        return csv;
    }
}
