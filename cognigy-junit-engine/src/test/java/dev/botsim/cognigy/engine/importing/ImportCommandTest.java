package dev.botsim.cognigy.engine.importing;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.discovery.datafile.ParsedFile;
import dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader;
import mockwebserver3.MockWebServer;

/**
 * The import command against a tenant's management API in Cognigy's shapes: the endpoint's flow and its attached flow,
 * a flow nothing attaches, disabled, reject and child intents, an intent without sentences, sentences of two locales and
 * of none, lists paged two items at a time.
 */
class ImportCommandTest {

    private static final String DE = "d1e2f3a4-0000-4000-8000-000000000001";

    private final ManagementApiFake fake = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    /** An example sentence as {@code GET flows/{flowId}/intents/{intentId}/sentences} lists it. */
    private static Map<String, Object> sentence(String id, String text, String locale) {
        return map("_id", id, "text", text, "localeReference", locale, "slots", List.of(), "feedbackReport",
                map("findings", List.of()), "createdAt", 1694518620, "lastChanged", 1694518620, "createdBy", "u-1",
                "lastChangedBy", "u-1");
    }

    @BeforeEach
    void start() throws IOException {
        fake.pageSize = 2;
        List<Map<String, Object>> checkOrder = new ArrayList<>();
        for (int i = 0; i < 5; i++) checkOrder.add(sentence("s" + i, "where is order " + i, ManagementApiFake.LOCALE_REF));
        checkOrder.add(sentence("s-de", "wo ist meine Bestellung", DE));
        checkOrder.add(sentence("s-none", "track my parcel", null));
        checkOrder.add(sentence("s-same", "i have a question", ManagementApiFake.LOCALE_REF));
        fake.sentences.put("i1", checkOrder);
        fake.sentences.put("i2", List.of(sentence("d1", "any deals today", ManagementApiFake.LOCALE_REF)));
        fake.sentences.put("i3", List.of(sentence("r1", "tell me a joke", ManagementApiFake.LOCALE_REF)));
        fake.sentences.put("i5", List.of(sentence("h1", "when are you open", ManagementApiFake.LOCALE_REF),
                sentence("h2", "i have a question", ManagementApiFake.LOCALE_REF)));
        fake.sentences.put("i6", List.of(sentence("l1", "legacy sentence", ManagementApiFake.LOCALE_REF)));
        fake.sentences.put("i7", List.of(sentence("c1", "check my order by email", ManagementApiFake.LOCALE_REF)));
        server.setDispatcher(fake);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int importInto(Path target, String... extra) {
        List<String> args = new ArrayList<>(List.of("--management-url", server.url("/").toString(), "--project-id",
                ManagementApiFake.PROJECT, "--out", target.toString()));
        args.addAll(List.of(extra));
        return importInto(args, Map.of(Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY, Constants.ENDPOINT_URL_ENV,
                server.url("/" + ManagementApiFake.TOKEN).toString()));
    }

    private int importInto(List<String> args, Map<String, String> env) {
        return ImportCommand.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    @DisplayName("--management-url copied from Cognigy's API reference (/new/v2.0) or naming the endpoint host is refused"
            + " before any request, naming the URL to write; nothing is asked of the tenant")
    void managementUrlOfTheWrongKind() throws IOException {
        Map<String, String> env = Map.of(Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY);
        int withPath = importInto(List.of("--management-url", "https://api-trial.cognigy.ai/new/v2.0", "--project-id",
                ManagementApiFake.PROJECT, "--out", dir.resolve("a").toString()), env);
        assertThat(withPath).isEqualTo(2);
        assertThat(err.toString()).contains("--management-url https://api-trial.cognigy.ai/new/v2.0 holds /new/v2.0, the path the"
                + " engine puts before every request", "write the API's host alone, --management-url https://api-trial.cognigy.ai")
                .doesNotContain("cognigy.management.url=", ManagementApiFake.KEY);

        err.reset();
        int endpointHost = importInto(List.of("--management-url", "https://endpoint-trial.cognigy.ai", "--project-id",
                ManagementApiFake.PROJECT, "--out", dir.resolve("a").toString()), env);
        assertThat(endpointHost).isEqualTo(2);
        assertThat(err.toString()).contains("is the host of the REST Endpoints, not of the management API: write"
                + " --management-url https://api-trial.cognigy.ai");
        assertThat(server.getRequestCount()).isZero();
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    @DisplayName("the endpoint's flow and the flow attached to it, child intents included, disabled and reject intents and"
            + " an unattached flow's left out, the endpoint's locale and sentences of no locale; a sentence of two intents"
            + " is named; the files read back, the same on a second import")
    void realShapes() throws IOException {
        assertThat(importInto(dir.resolve("a"))).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();

        assertThat(files(dir.resolve("a"))).extracting(f -> f.getFileName().toString())
                .containsExactly("check_order.sim.yaml", "check_order_by_email.sim.yaml", "opening_hours.sim.yaml");
        ParsedFile checkOrder = new SimulationFileReader(1 << 20).read("check_order.sim.yaml",
                Files.newInputStream(dir.resolve("a/check_order.sim.yaml")));
        assertThat(checkOrder.problems()).isEmpty();
        assertThat(checkOrder.file().cases()).extracting(c -> c.utterance()).containsExactly("where is order 0",
                "where is order 1", "where is order 2", "where is order 3", "where is order 4", "track my parcel",
                "i have a question");
        assertThat(out.toString())
                .contains("intent 'greeting' has no example sentence in en-US: no generated case")
                .contains("sentence \"i have a question\" is an example of 2 intents (check_order, opening_hours): at most one"
                        + " of its cases can pass")
                .contains("imported 4 intents of flow 'Main Flow' and its attached flows, locale en-US: 10 cases in 3 files")
                .doesNotContain(ManagementApiFake.KEY, ManagementApiFake.TOKEN);

        assertThat(importInto(dir.resolve("b"))).isZero();
        for (Path file : files(dir.resolve("a"))) {
            assertThat(dir.resolve("b").resolve(file.getFileName())).hasSameTextualContentAs(file);
        }
    }

    @Test
    @DisplayName("an intent item without a name (absent, null, blank) is no intent to import: no file expects intent \"\","
            + " its sentences are no case, and one line says how many intents and sentences were left out and why")
    void intentWithoutANameIsNotImported() throws IOException {
        List<Map<String, Object>> faq = new ArrayList<>(fake.intents.get("f-faq"));
        faq.add(map("_id", "i8", "isDisabled", false, "isRejectIntent", false));
        faq.add(map("_id", "i9", "name", null, "isDisabled", false, "isRejectIntent", false));
        faq.add(map("_id", "i10", "name", " ", "isDisabled", false, "isRejectIntent", false));
        fake.intents.put("f-faq", faq);
        fake.sentences.put("i8", List.of(sentence("n1", "nameless one", ManagementApiFake.LOCALE_REF)));
        fake.sentences.put("i9", List.of(sentence("n2", "nameless two", ManagementApiFake.LOCALE_REF)));
        fake.sentences.put("i10", List.of(sentence("n3", "nameless three", ManagementApiFake.LOCALE_REF),
                sentence("n4", "nameless four", DE)));

        assertThat(importInto(dir)).as(err.toString()).isZero();

        assertThat(files(dir)).extracting(f -> f.getFileName().toString())
                .containsExactly("check_order.sim.yaml", "check_order_by_email.sim.yaml", "opening_hours.sim.yaml");
        assertThat(out.toString()).contains("imported 4 intents of flow 'Main Flow'").doesNotContain("nameless")
                .contains("left out 3 intents without a name and their 3 example sentences in en-US: a case expects an intent"
                        + " by its name; name them in Cognigy to import their sentences");
    }

    @Test
    @DisplayName("a flow whose every intent is nameless imports nothing and fails (exit 1) asking for the names, not for"
            + " another flow or locale")
    void everyIntentNamelessFails() throws IOException {
        for (Map<String, List<Map<String, Object>>> byFlow : List.of(fake.intents, fake.childIntents)) {
            byFlow.replaceAll((flow, intents) -> intents.stream().map(ImportCommandTest::withoutName).toList());
        }

        assertThat(importInto(dir)).isEqualTo(1);

        assertThat(out.toString()).contains("left out 4 intents without a name");
        assertThat(err.toString()).startsWith("import: flow 'Main Flow' and its attached flows, locale en-US have no intent"
                + " with a name: nothing written to " + dir + "; name the intents in Cognigy").doesNotContain("--flow");
        assertThat(files(dir)).isEmpty();
    }

    private static Map<String, Object> withoutName(Map<String, Object> intent) {
        Map<String, Object> nameless = new java.util.HashMap<>(intent);
        nameless.remove("name");
        return nameless;
    }

    @Test
    @DisplayName("a re-import after an intent lost its sentences in Cognigy and was deleted, and without --holdout, removes"
            + " the files left without cases and names the deleted intent's file")
    void reimportAfterTheBotChanged() throws IOException {
        assertThat(importInto(dir, "--holdout", "50%")).as(err.toString()).isZero();
        assertThat(dir.resolve("check_order.holdout.sim.yaml")).exists();
        assertThat(dir.resolve("check_order_by_email.sim.yaml").toFile().exists()
                || dir.resolve("check_order_by_email.holdout.sim.yaml").toFile().exists()).isTrue();

        fake.sentences.put("i7", List.of());
        fake.intents.put("f-faq", List.of());
        out.reset();
        assertThat(importInto(dir)).as(err.toString()).isZero();

        assertThat(files(dir)).extracting(f -> f.getFileName().toString())
                .containsExactly("check_order.sim.yaml", "opening_hours.sim.yaml");
        assertThat(out.toString()).contains("removed " + dir.resolve("check_order.holdout.sim.yaml"))
                .contains("left " + dir.resolve("opening_hours.sim.yaml") + ": an earlier import's file for no intent imported now");
    }

    @Test
    @DisplayName("a flow and locale with no example sentence import nothing and fail (exit 1) naming them; an earlier"
            + " import's files are left as they are")
    void nothingToImportFails() throws IOException {
        assertThat(importInto(dir)).as(err.toString()).isZero();
        List<Path> before = files(dir);
        String checkOrder = Files.readString(dir.resolve("check_order.sim.yaml"));
        fake.sentences.replaceAll((intent, sentences) -> List.of());
        out.reset();

        assertThat(importInto(dir)).isEqualTo(1);

        assertThat(err.toString()).startsWith("import: flow 'Main Flow' and its attached flows, locale en-US have no example"
                + " sentence in en-US (4 intents): nothing written to " + dir + "; check --flow and --locale");
        assertThat(out.toString()).doesNotContain("wrote", "removed");
        assertThat(files(dir)).isEqualTo(before);
        assertThat(dir.resolve("check_order.sim.yaml")).hasContent(checkOrder);
    }

    @Test
    @DisplayName("intent names from the tenant holding line breaks, a terminal escape, a bidirectional override and CI log"
            + " commands are printed on one line each, visibly, and start no line and no command of their own")
    void tenantNamesCannotInjectLogLines() throws IOException {
        fake.intents.put("f-main", List.of(
                map("_id", "i1", "name", "check_order\r\n::error::forged by the tenant", "isDisabled", false,
                        "isRejectIntent", false),
                map("_id", "i4", "name", "greeting\n##vso[task.complete result=Succeeded]\u001b[2K\u202eredro", "isDisabled",
                        false, "isRejectIntent", false)));

        assertThat(importInto(dir)).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as(out.toString()).noneMatch(line -> line.startsWith("##vso") || line.contains("##vso[")
                || line.stripLeading().startsWith("::") || line.indexOf('\u001b') >= 0 || line.indexOf('\u202e') >= 0);
        assertThat(lines).contains("intent 'greeting\\n#\\u0023vso[task.complete result=Succeeded]\\u001b[2K\\u202eredro' has"
                + " no example sentence in en-US: no generated case");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("sentence \"i have a question\" is an example of 2 intents"
                + " (check_order\\r\\n::error::forged by the tenant, opening_hours)"));
        assertThat(lines).filteredOn(line -> line.startsWith("wrote ")).hasSize(3);
    }

    @Test
    @DisplayName("a tenant quoting the key it was sent — COGNIGY_API_KEY trimmed — or a query value of COGNIGY_ENDPOINT_URL"
            + " in a refusal is masked in the command's output, as the engine masks them")
    void keyAsSentAndEndpointUrlMasked() {
        String apiKeyValue = "apikey-canary-3b8e1f0d7c";
        fake.overrides.put("projects/" + ManagementApiFake.PROJECT, ManagementApiFake.problem(403, "Forbidden",
                "key " + ManagementApiFake.KEY + " may not read this project (gateway apikey " + apiKeyValue + ")"));
        List<String> args = List.of("--management-url", server.url("/").toString(), "--project-id", ManagementApiFake.PROJECT,
                "--out", dir.toString());

        int exit = importInto(args, Map.of(Constants.MANAGEMENT_API_KEY_ENV, "  " + ManagementApiFake.KEY + "\n",
                Constants.ENDPOINT_URL_ENV, server.url("/" + ManagementApiFake.TOKEN + "?apikey=" + apiKeyValue).toString()));

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("may not read this project").doesNotContain(ManagementApiFake.KEY, apiKeyValue);
        assertThat(out.toString()).doesNotContain(ManagementApiFake.KEY, apiKeyValue);
    }

    @Test
    @DisplayName("--out naming a file, or a folder below one: exit 1, one line naming the folder, why and the fix; the file"
            + " is left as it was")
    void outThatCannotBeWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("nlu"), "a file, not a folder");

        assertThat(importInto(file)).isEqualTo(1);
        assertThat(err.toString().lines().toList()).containsExactly("import: cannot write " + file + ": " + file + " is a file where"
                + " its folder should be; remove or rename that file, or point --out at another folder");

        err.reset();
        assertThat(importInto(file.resolve("below"))).isEqualTo(1);
        assertThat(err.toString().lines().toList()).containsExactly("import: cannot write " + file.resolve("below") + ": " + file
                + " is a file where its folder should be; remove or rename that file, or point --out at another folder");
        assertThat(out.toString()).doesNotContain("wrote", "imported");
        assertThat(file).hasContent("a file, not a folder");
    }

    @Test
    @DisplayName("--holdout 30%: every sentence in one of the intent's two files, the held-out ones those the hash picks, the"
            + " counts printed as written; --holdout 0% writes no hold-out file")
    void holdoutSplitsEachIntentsSentences() throws IOException {
        assertThat(importInto(dir.resolve("a"), "--holdout", "30 %")).as(err.toString()).isZero();

        List<String> all = List.of("where is order 0", "where is order 1", "where is order 2", "where is order 3", "where is order 4",
                "track my parcel", "i have a question");
        List<String> held = all.stream().filter(s -> SuiteFiles.isHeldOut("check_order", s, 30)).toList();
        List<String> kept = all.stream().filter(s -> !SuiteFiles.isHeldOut("check_order", s, 30)).toList();
        assertThat(held).as("the fake's sentences include one the hash holds out at 30 %").isNotEmpty();
        assertThat(utterances(dir.resolve("a/check_order.sim.yaml"))).isEqualTo(kept);
        assertThat(utterances(dir.resolve("a/check_order.holdout.sim.yaml"))).isEqualTo(held);
        long written = 0;
        long heldOut = 0;
        for (Path file : files(dir.resolve("a"))) {
            long cases = utterances(file).size();
            if (file.getFileName().toString().endsWith(".holdout.sim.yaml")) heldOut += cases;
            else written += cases;
        }
        assertThat(written + heldOut).isEqualTo(10);
        assertThat(out.toString()).contains(": " + written + " cases and " + heldOut + " held-out cases (30 %) in "
                + files(dir.resolve("a")).size() + " files under " + dir.resolve("a"));

        out.reset();
        assertThat(importInto(dir.resolve("b"), "--holdout", "0%")).as(err.toString()).isZero();
        assertThat(files(dir.resolve("b"))).extracting(f -> f.getFileName().toString())
                .containsExactly("check_order.sim.yaml", "check_order_by_email.sim.yaml", "opening_hours.sim.yaml");
        assertThat(out.toString()).contains(": 10 cases in 3 files under " + dir.resolve("b")).doesNotContain("held-out");
    }

    private static List<String> utterances(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            ParsedFile parsed = new SimulationFileReader(1 << 20).read(file.getFileName().toString(), in);
            assertThat(parsed.problems()).isEmpty();
            return parsed.file().cases().stream().map(c -> c.utterance()).toList();
        }
    }
}
