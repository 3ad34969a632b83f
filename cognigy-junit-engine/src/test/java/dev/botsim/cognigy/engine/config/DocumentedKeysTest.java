package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.nlu.NluSettings;
import dev.botsim.cognigy.engine.replay.ReplaySettings;
import dev.botsim.cognigy.engine.support.MarkdownBlocks;
import dev.botsim.cognigy.engine.support.MarkdownBlocks.Block;

/**
 * The configuration keys README.md and docs/*.md name anywhere — prose, {@code -D} options, POM snippets — and the
 * {@code junit-platform.properties} they show, against the code: a key the docs name is one the engine reads (or a
 * report entry it publishes), and a properties block, copied into a file, gives the engine the values the docs mean.
 * ConfigurationReferenceTest holds docs/configuration.md's tables to the code; this holds every other page to it.
 */
class DocumentedKeysTest {

    /** A key as the docs write it: {@code cognigy.} not inside a longer name (a package, a host, real-cognigy.md). */
    private static final Pattern KEY = Pattern.compile("(?:(?<=-D)|(?<![\\w.\\-/@]))cognigy\\.[a-z][a-z0-9.*-]*[a-z0-9*]");

    /** Names of the report entries tests and the engine node publish: named in the docs, never set. */
    private static final Pattern REPORT_ENTRY = Pattern.compile("cognigy\\.(approval(\\.stale)?|assert\\.\\d+|retry\\.\\d+"
            + "|playbook\\.(entrypoint|flow|locale)|setup|stability(\\.(intents|flows|texts|skipped))?"
            + "|sandbox\\.(peak-playbook-executions|playbook-tasks-scheduled|playbook-tasks-cancelled|management-requests"
            + "|generated-playbooks))");

    /**
     * Named but not settings: the {@code merge} command's usage placeholder, a key docs/playbooks.md names to say it
     * does not exist, the misspellings docs/ci.md shows the merge refusing, and the keys guessed from Cognigy's words
     * that docs/configuration.md shows refused with what they mean (GuessedKeysTest).
     */
    private static final Set<String> NOT_SETTINGS = Set.of("cognigy.key", "cognigy.playbooks.step-timeout", "cognigy.runid",
            "cognigy.merge.skp", "cognigy.project-id", "cognigy.user", "cognigy.channel", "cognigy.snapshot", "cognigy.locale",
            "cognigy.endpoint.test-mode");

    /** A comment after a value: in a .properties file it is part of the value. */
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s[#!]");

    @Test
    @DisplayName("every cognigy.* key the docs name is one the engine reads, a Maven plugin property, a secret it"
            + " refuses, or a report entry")
    void everyNamedKeyIsReal() {
        Set<String> keys = new TreeSet<>(ParameterReader.knownKeys());
        keys.addAll(GoalProperty.keys());
        List<String> unknown = new ArrayList<>();
        int named = 0;
        for (String page : MarkdownBlocks.pages()) {
            List<String> lines = MarkdownBlocks.lines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = KEY.matcher(lines.get(i));
                while (m.find()) {
                    named++;
                    if (!real(m.group(), keys)) unknown.add(page + ":" + (i + 1) + ": " + m.group());
                }
            }
        }

        assertThat(named).as("keys named in the docs").isGreaterThan(300);
        assertThat(unknown).as("cognigy.* names in the docs that are no key of Constants (nor a plugin property, refused"
                + " secret or report entry)").isEmpty();
    }

    @Test
    @DisplayName("every junit-platform.properties block of the docs, read as a .properties file, names known keys with"
            + " values the engine takes and no comment inside a value")
    void everyPropertiesBlockReadsAsShown() throws IOException {
        List<Block> blocks = MarkdownBlocks.all().stream().filter(b -> b.language().equals("properties")).toList();
        assertThat(blocks).as("properties blocks in the docs").hasSizeGreaterThan(8);

        List<String> problems = new ArrayList<>();
        for (Block block : blocks) problems.addAll(problems(block));

        assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("a properties block with a comment after a value, an unknown key or a refused value fails at its line")
    void aWrongPropertiesBlockFailsAtItsLine() throws IOException {
        Block block = MarkdownBlocks.of("docs/wrong.md", List.of("```properties", "cognigy.backend=playbooks",
                "cognigy.playbooks.include=Order*   # a glob", "cognigy.repeats=3", "cognigy.poll.timeout=soon", "```")).get(0);

        assertThat(problems(block)).satisfiesExactly(
                p -> assertThat(p).startsWith("docs/wrong.md:3: cognigy.playbooks.include reads as 'Order*   # a glob'"),
                p -> assertThat(p).isEqualTo("docs/wrong.md:4: cognigy.repeats is no configuration key"),
                p -> assertThat(p).startsWith("docs/wrong.md:5: cognigy.poll.timeout=soon is refused: "));
    }

    /** {@code export NAME=value  # comment} in a shell block. */
    private static final Pattern EXPORT = Pattern.compile("^\\s*export\\s+(COGNIGY_[A-Z0-9_]+)=\\S*(?:\\s+#(.*))?$");

    /** A {@code -Dcognigy.*=value} option of a command. */
    private static final Pattern OPTION = Pattern.compile("-D(cognigy\\.[a-z0-9.-]+)=(\\S+)");

    @Test
    @DisplayName("a shell block of the docs that runs against a tenant (exports COGNIGY_ENDPOINT_URL) marks no variable"
            + " optional that the settings it gives require")
    void noCommandMarksARequiredSecretOptional() {
        List<Block> blocks = MarkdownBlocks.all().stream().filter(b -> b.language().equals("sh")).toList();
        assertThat(blocks).as("shell blocks exporting the endpoint URL").filteredOn(b -> b.text().contains("export "
                + Constants.ENDPOINT_URL_ENV + "=")).isNotEmpty();

        List<String> problems = new ArrayList<>();
        blocks.forEach(block -> problems.addAll(optionalButRequired(block)));

        assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("a tenant command marking COGNIGY_API_KEY optional beside the management API's URL and project fails at"
            + " its line")
    void anOptionalKeyBesideTheManagementApiFails() {
        Block block = MarkdownBlocks.of("docs/wrong.md", List.of("```sh",
                "export COGNIGY_ENDPOINT_URL=https://endpoint-trial.cognigy.ai/test/<URLToken>   # a CI secret",
                "export COGNIGY_API_KEY=...   # optional: the bot's schema",
                "./mvnw test -Dcognigy.management.url=https://api-trial.cognigy.ai -Dcognigy.management.project-id=<id>",
                "```")).get(0);

        assertThat(optionalButRequired(block)).containsExactly("docs/wrong.md:3: COGNIGY_API_KEY is marked optional, but the"
                + " settings of the block require it: reading the bot's schema from the management API needs the environment"
                + " variable COGNIGY_API_KEY");
    }

    /**
     * The variables a tenant command block exports with a comment calling them optional that the run, given the block's
     * {@code -D} options and its other variables, asks for; a placeholder ({@code <id>}) stands for a value.
     */
    private static List<String> optionalButRequired(Block block) {
        List<String> lines = block.text().lines().toList();
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, Integer> optional = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>(Map.of(Constants.BACKEND, "endpoint"));
        for (int i = 0; i < lines.size(); i++) {
            Matcher export = EXPORT.matcher(lines.get(i));
            if (export.matches()) {
                environment.put(export.group(1), export.group(1).equals(Constants.ENDPOINT_URL_ENV)
                        ? "https://endpoint-trial.cognigy.ai/test/0f3c9a7e1b2d4c6e8f0a1b3c5d7e9f1a" : "stand-in-0f3c9a7e1b2d");
                if (export.group(2) != null && export.group(2).contains("optional")) optional.put(export.group(1), i + 1);
            }
            Matcher option = OPTION.matcher(lines.get(i));
            while (option.find()) parameters.put(option.group(1), option.group(2).replaceAll("<[^>]*>", "placeholder"));
        }
        if (!environment.containsKey(Constants.ENDPOINT_URL_ENV)) return List.of();
        List<String> problems = new ArrayList<>();
        optional.forEach((variable, line) -> {
            Map<String, String> without = new LinkedHashMap<>(environment);
            without.remove(variable);
            EngineConfig.check(new MapParameters(parameters), without::get,
                    dev.botsim.cognigy.engine.backend.factory.Backends::requirements).problems().stream()
                    .filter(p -> p.contains(variable)).findFirst().ifPresent(p -> problems.add(block.page() + ":"
                            + block.pageLine(line) + ": " + variable + " is marked optional, but the settings of the block"
                            + " require it: " + p));
        });
        return problems;
    }

    /** What is wrong with a block as a junit-platform.properties file, each as {@code page:line: problem}. */
    private static List<String> problems(Block block) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(block.text()));
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> keys = new TreeSet<>(ParameterReader.knownKeys());
        List<String> inOrder = properties.stringPropertyNames().stream()
                .sorted(java.util.Comparator.comparingInt(key -> lineOf(block, key))).toList();
        for (String key : inOrder) {
            String value = properties.getProperty(key);
            String at = block.page() + ":" + block.pageLine(lineOf(block, key)) + ": ";
            if (!key.startsWith(Constants.PREFIX)) continue;
            if (!keys.contains(key)) {
                problems.add(at + key + " is no configuration key");
            } else if (TRAILING_COMMENT.matcher(value).find()) {
                problems.add(at + key + " reads as '" + value + "': a .properties value runs to the end of its line, so a"
                        + " comment after it is part of the value; put the comment on a line of its own");
            } else if (!value.contains("<")) {
                values.put(key, value);
            }
        }
        // The block is one file: its keys are read together, as some count only beside others (cognigy.sandbox.playbooks).
        EngineConfig.Reading reading = EngineConfig.check(new MapParameters(values), name -> null, config -> List.of());
        for (String key : values.keySet()) {
            String at = block.page() + ":" + block.pageLine(lineOf(block, key)) + ": ";
            String refused = key + "=" + values.get(key) + " is refused: ";
            if (reading.refused().contains(key)) {
                problems.add(at + refused + reading.problems().stream().filter(p -> p.contains(key)).findFirst().orElse(""));
            }
            try {
                Map<String, String> one = Map.of(key, values.get(key));
                ReplaySettings.of(one);
                NluSettings.of(one);
                PlaybooksSettings.read(new MapParameters(one));
                PlaybooksSettings.generated(new MapParameters(one));
            } catch (ConfigurationException e) {
                problems.add(at + refused + e.getMessage());
            }
        }
        return problems;
    }

    private static boolean real(String name, Set<String> keys) {
        if (keys.contains(name) || NOT_SETTINGS.contains(name) || REPORT_ENTRY.matcher(name).matches()) return true;
        if (ParameterReader.secretVariable(name).isPresent()) return true;
        // A family of keys, cognigy.webhook.* or the prefix itself: JUnit's parallel settings are named by their prefix.
        String prefix = name.endsWith(".*") ? name.substring(0, name.length() - 1) : name + ".";
        if (prefix.equals(Constants.PARALLEL_CONFIG_PREFIX) || prefix.equals(Constants.ENDPOINT_DATA_PREFIX)) return true;
        if (name.startsWith(Constants.PARALLEL_CONFIG_PREFIX)) {
            return ParameterReader.PARALLEL_KEYS.contains(name.substring(Constants.PARALLEL_CONFIG_PREFIX.length()));
        }
        return name.endsWith(".*") && keys.stream().anyMatch(key -> key.startsWith(prefix));
    }

    /** The block's line (1-based) that sets {@code key}. */
    private static int lineOf(Block block, String key) {
        List<String> lines = block.text().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().matches(Pattern.quote(key) + "\\s*[=:\\s].*")) return i + 1;
        }
        return 0;
    }
}
