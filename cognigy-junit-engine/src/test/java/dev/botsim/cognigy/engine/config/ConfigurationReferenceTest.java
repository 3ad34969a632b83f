package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.nlu.NluSettings;
import dev.botsim.cognigy.engine.replay.ReplaySettings;

/**
 * The configuration reference, docs/configuration.md, against the code: every key and environment variable
 * {@link Constants} names has a row in its tables, every row names keys the engine has, and a default the page gives as
 * values alone is the code's — a key set to its documented default reads as if it were not set, by every reader of the
 * configuration.
 */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("..", "docs", "configuration.md");

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** A row of the page's key tables: the keys and variables its first cell names, and its default cell. */
    private record Row(int line, List<String> keys, String defaults) {
    }

    @Test
    @DisplayName("every cognigy.* key and environment variable of Constants has a row in docs/configuration.md")
    void everyKeyIsDocumented() throws IOException {
        Set<String> documented = documented();
        Set<String> expected = new TreeSet<>(ParameterReader.knownKeys());
        // Refused, not a setting: the page's COGNIGY_ENDPOINT_URL row and its Secrets section say so.
        expected.remove(Constants.ENDPOINT_URL);
        expected.add(Constants.PARALLEL_CONFIG_PREFIX + "*");
        expected.addAll(environmentVariables());

        assertThat(documented).containsAll(expected);
    }

    @Test
    @DisplayName("every key and variable a row of docs/configuration.md names is one of Constants")
    void everyDocumentedKeyIsReal() throws IOException {
        Set<String> real = new TreeSet<>(ParameterReader.knownKeys());
        real.add(Constants.PARALLEL_CONFIG_PREFIX + "*");
        real.addAll(environmentVariables());

        assertThat(real).containsAll(documented());
    }

    @Test
    @DisplayName("a key set to the default docs/configuration.md gives it reads the same as the key not set")
    void documentedDefaultsAreTheCodes() throws IOException {
        Map<String, String> defaults = documentedDefaults();
        // A parser that stops finding defaults must not pass by checking none.
        assertThat(defaults).hasSizeGreaterThan(40).containsEntry(Constants.POLL_TIMEOUT, "30s")
                .containsEntry(Constants.WEBHOOK_BUDGET, "60s").containsEntry(Constants.ENDPOINT_DATA_SLOTS, "/slots");

        List<Object> unset = readers(Map.of());
        List<String> notTheDefault = new ArrayList<>();
        defaults.forEach((key, value) -> {
            if (!readers(Map.of(key, value)).equals(unset)) notTheDefault.add(key + "=" + value);
        });
        assertThat(notTheDefault).as("keys set to the default docs/configuration.md gives them, read unlike the key not set")
                .isEmpty();
    }

    /** What every reader of the configuration makes of these parameters, the parameters themselves left out. */
    private static List<Object> readers(Map<String, String> parameters) {
        MapParameters given = new MapParameters(parameters);
        EngineConfig.Reading reading = EngineConfig.check(given, name -> null, config -> List.of());
        EngineConfig c = reading.config();
        return List.of(reading.problems(),
                new EngineConfig(c.backend(), c.http(), c.retry(), c.polling(), c.execution(), c.governance(), c.reports(),
                        c.audit(), c.webhook(), c.secrets(), Map.of(), c.approval(), c.run(), c.replay()),
                EngineConfig.maxFileSize(given), EngineConfig.namingStrategy(given), ReplaySettings.of(parameters),
                PlaybooksSettings.read(given), PlaybooksSettings.generated(given), NluSettings.of(parameters));
    }

    private static Set<String> documented() throws IOException {
        Set<String> keys = new TreeSet<>();
        rows().forEach(row -> keys.addAll(row.keys()));
        return keys;
    }

    /**
     * Each key of a row with the value its default cell gives it, where that cell holds values only ({@code `30s`}; one
     * per key, in order, for a row of several keys) rather than a rule ("`600` for a test-mode URL, else off").
     */
    private static Map<String, String> documentedDefaults() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Row row : rows()) {
            List<String> values = codes(row.defaults());
            boolean valuesOnly = CODE.matcher(row.defaults()).replaceAll("").replace(",", "").isBlank();
            List<String> keys = row.keys().stream().filter(k -> k.startsWith(Constants.PREFIX) && !k.endsWith("*")).toList();
            if (!valuesOnly || values.isEmpty() || keys.size() != values.size()) continue;
            for (int i = 0; i < keys.size(); i++) defaults.put(keys.get(i), values.get(i));
        }
        return defaults;
    }

    /**
     * The rows of the page's key tables, in which {@code .timeout} after {@code cognigy.webhook.outbox-dir} is
     * {@code cognigy.webhook.timeout}.
     */
    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(PAGE);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("| `")) continue;
            String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|");
            assertThat(cells).as("docs/configuration.md:%d: a row of key, meaning and default", i + 1).hasSize(3);
            List<String> keys = new ArrayList<>();
            String first = null;
            for (String code : codes(cells[0])) {
                if (code.startsWith(".") && first != null) {
                    keys.add(first.substring(0, first.lastIndexOf('.')) + code);
                } else {
                    if (first == null) first = code;
                    keys.add(code);
                }
            }
            rows.add(new Row(i + 1, keys, cells[2].strip()));
        }
        assertThat(rows).as("the key tables of docs/configuration.md").hasSizeGreaterThan(50);
        return rows;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) codes.add(m.group(1));
        return codes;
    }

    /** The environment variables Constants names; the per-locale endpoint URLs as the page writes them. */
    private static Set<String> environmentVariables() {
        Set<String> variables = new TreeSet<>();
        for (Field field : Constants.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) continue;
            if (field.getName().endsWith("_ENV")) variables.add(value(field));
        }
        variables.add(Constants.ENDPOINT_URL_LOCALE_ENV_PREFIX + "<LOCALE>");
        variables.add(Constants.SOCKET_URL_LOCALE_ENV_PREFIX + "<LOCALE>");
        assertThat(variables).contains(Constants.CLIENT_SECRET_ENV, Constants.SHARD_KEY_ENV, Constants.CI_ENV);
        return variables;
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
