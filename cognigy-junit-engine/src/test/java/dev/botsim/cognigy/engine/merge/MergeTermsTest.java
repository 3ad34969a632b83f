package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;

/**
 * Every piece of the merge's advice in its caller's words: the command line's options for the jar's {@code merge}, and,
 * for a caller that names things its own way (the Maven goal), that caller's — with no option of the command line left
 * in what it is told, which it could not follow.
 */
class MergeTermsTest {

    /** A caller whose every word is its own: any word of the command line in its messages is one it cannot follow. */
    private static final MergeTerms GOAL = new MergeTerms("usage: the goal's parameters", "<settings><%s>", "the goal's <settings>",
            "the build's environment", "the goal's outputDirectory", ": the goal again for run-42", "the folder of run %s's forks",
            "Give each module its own report folder", "", "run the suite again as a new run",
            "set it as that goal's own %2$s (-D%1$s)");

    /** What the command line says that no other caller can do. */
    private static final List<String> COMMAND_LINE_WORDS = List.of("--out", "java -jar", "-Dcognigy.key=value on the merge",
            "the merge job's environment", "give merge the report folders", "merge --out merged/", "giving only its folders");

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    /** One fork of run-42 against the sandbox, sending its webhook to {@code path} of the receiver. */
    private Path fork(String path) throws Exception {
        SandboxSplitRuns.configured(dir, receiver, "forks").configurationParameter(Constants.WEBHOOK_URL, receiver.url(path).toString())
                .configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.failed(0));
        try (Stream<Path> below = Files.walk(dir.resolve("forks/reports"))) {
            return below.filter(p -> p.getFileName().toString().equals(RunPart.FILE_NAME)).findFirst().orElseThrow();
        }
    }

    private record Said(int code, String err) {
    }

    private Said merge(MergeTerms terms, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of(args), terms, SandboxSplitRuns.ENVIRONMENT::get, Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Said(code, err.toString(StandardCharsets.UTF_8));
    }

    /** The same merge for the command line and for the goal: each refused, the command line's words for the one only. */
    private List<Said> both(String... args) {
        List<Said> said = new ArrayList<>();
        for (MergeTerms terms : List.of(MergeTerms.COMMAND_LINE, GOAL)) {
            Said one = merge(terms, args);
            assertThat(one.code()).as(one.err()).isEqualTo(2);
            said.add(one);
        }
        assertThat(said.get(1).err()).as("the goal's user is told nothing only the command line can do").doesNotContain(COMMAND_LINE_WORDS);
        assertThat(dir.resolve("forks/audit.jsonl")).as("nothing appended").doesNotExist();
        assertThat(receiver.getRequestCount()).as("nothing sent").isZero();
        return said;
    }

    @Test
    @DisplayName("a setting given outside cognigy.*, or an environment variable given as a setting: named as the caller gave"
            + " it, the environment and the usage its caller's")
    void wrongUse() throws Exception {
        Path part = fork("/forks");
        String out = dir.resolve("merged").toString();

        List<Said> unknown = both("--out", out, "-Dgovernance.threshold=0.5", part.toString());
        assertThat(unknown.get(0).err().lines()).containsExactly("merge: -Dgovernance.threshold is not a cognigy.* setting, the only"
                + " settings a merge reads (is cognigy misspelt?); nothing was merged", MergeCommand.USAGE);
        assertThat(unknown.get(1).err().lines()).containsExactly("merge: <settings><governance.threshold> is not a cognigy.* setting,"
                + " the only settings a merge reads (is cognigy misspelt?); nothing was merged", "usage: the goal's parameters");

        List<Said> secret = both("--out", out, "-DCOGNIGY_WEBHOOK_SECRET=whsec_canaryVALUE0123456789", part.toString());
        assertThat(secret.get(0).err()).startsWith("merge: COGNIGY_WEBHOOK_SECRET is an environment variable, not a setting: set it"
                + " in the merge job's environment (secrets are read from there only)");
        assertThat(secret.get(1).err()).startsWith("merge: COGNIGY_WEBHOOK_SECRET is an environment variable, not a setting: set it"
                + " in the build's environment (secrets are read from there only)").doesNotContain("canaryVALUE");
    }

    @Test
    @DisplayName("settings the engine refuses: how to replace one of the parts' settings, in the caller's words")
    void settingsRefused() throws Exception {
        Path part = fork("/forks");
        List<Said> said = both("--out", dir.resolve("merged").toString(), "-Dcognigy.governance.threshold=lots", part.toString());
        assertThat(said.get(0).err()).contains("cognigy.governance.threshold=lots must be a number", "recorded in each cognigy-part.json;"
                + " -Dcognigy.key=value on the merge replaces one (secrets come from the environment)");
        assertThat(said.get(1).err()).contains("cognigy.governance.threshold=lots must be a number", "recorded in each cognigy-part.json;"
                + " the goal's <settings> replaces one (secrets come from the environment)");
    }

    @Test
    @DisplayName("parts whose webhook URL is kept masked: where to set the whole URL and how to merge again, in the caller's"
            + " words; the override that merges without sending is one the caller passes on")
    void maskedWebhookUrl() throws Exception {
        Path part = fork("/forks?token=t0k3n");
        List<Said> said = both("--out", dir.resolve("merged").toString(), part.toString());
        String masked = receiver.url("/forks") + "?****";
        assertThat(said.get(0).err().lines()).containsExactly("merge refused: the parts of run run-42 send their webhook to " + masked
                + ", kept without what it hides; set COGNIGY_WEBHOOK_URL to the receiver's whole URL in the merge job's environment and"
                + " merge again (or -Dcognigy.webhook.url= to merge without sending); nothing was appended to the audit trail and no"
                + " webhook was sent");
        assertThat(said.get(1).err().lines()).containsExactly("merge refused: the parts of run run-42 send their webhook to " + masked
                + ", kept without what it hides; set COGNIGY_WEBHOOK_URL to the receiver's whole URL in the build's environment and"
                + " merge again: the goal again for run-42 (or -Dcognigy.webhook.url= to merge without sending); nothing was appended"
                + " to the audit trail and no webhook was sent");
    }

    @Test
    @DisplayName("an output folder that cannot be written: named as the caller names it")
    void unwritableOutputFolder() throws Exception {
        Path part = fork("/forks");
        Path file = Files.writeString(dir.resolve("a-file"), "in the way");
        List<Said> said = both("--out", file.resolve("merged").toString(), part.toString());
        assertThat(said.get(0).err()).contains("nothing was appended to the audit trail and no webhook was sent: " + file.toAbsolutePath()
                + " is a file where its folder should be; remove or rename that file, or point --out at another folder");
        assertThat(said.get(1).err()).contains("nothing was appended to the audit trail and no webhook was sent: " + file.toAbsolutePath()
                + " is a file where its folder should be; remove or rename that file, or point the goal's outputDirectory at another"
                + " folder");
    }

    @Test
    @DisplayName("a fork that began and never wrote its part: how to run the suite again as a new run, or merge without it,"
            + " in the caller's words")
    void unfinishedPart() throws Exception {
        Path part = fork("/forks");
        Files.writeString(part.getParent().getParent().resolve(RunPart.BEGUN_PREFIX + "y7oh9yd8oxrk" + RunPart.BEGUN_SUFFIX),
                "{\"runId\":\"run-42\",\"started\":\"2026-12-01T10:19:29Z\"}");
        List<Said> said = both("--out", dir.resolve("merged").toString(), dir.resolve("forks/reports").toString());
        assertThat(said.get(0).err()).endsWith("so none stands for it: run the whole suite again under a new run id (cognigy.run-id),"
                + " every shard or fork of it, and merge that run's folders; or delete its .started file to merge without its tests"
                + System.lineSeparator());
        assertThat(said.get(1).err()).endsWith("so none stands for it: run the suite again as a new run; or delete its .started file to"
                + " merge without its tests: the goal again for run-42" + System.lineSeparator());
    }

    @Test
    @DisplayName("parts of another run than the one named: where this run's parts are to be, in the caller's words")
    void anotherRunsParts() throws Exception {
        Path part = fork("/forks");
        List<Said> said = both("--out", dir.resolve("merged").toString(), "-D" + Constants.RUN_ID + "=run-43", part.toString());
        assertThat(said.get(0).err()).contains("the parts given are of run run-42, not of run run-43 that -Dcognigy.run-id names: another"
                + " run's parts in this run's place; give merge the report folders of run run-43's shards or forks");
        assertThat(said.get(1).err()).contains("the parts given are of run run-42, not of run run-43 that -Dcognigy.run-id names: another"
                + " run's parts in this run's place; the folder of run run-43's forks");
    }

    @Test
    @DisplayName("parts of two modules in one run: merging each on its own, in the caller's words — the command line's a"
            + " command per module")
    void partsOfTwoModules() throws Exception {
        Path part = fork("/forks");
        Path other = Files.createDirectories(dir.resolve("faq/reports/run-42/batch_other")).resolve(RunPart.FILE_NAME);
        Files.writeString(other, Files.readString(part).replaceFirst("\"suite\":\"[^\"]*\"", "\"suite\":\"faq-bot\""));
        assertThat(RunPart.read(other).suite()).isEqualTo("faq-bot");
        List<Said> said = both("--out", dir.resolve("merged").toString(), dir.resolve("forks/reports").toString(),
                dir.resolve("faq/reports").toString());
        // A command per suite: faq-bot and this JVM's, its working directory's name (the module's, under Maven).
        assertThat(said.get(0).err()).contains("Merge each module on its own, giving only its folders: merge --out merged/",
                "merge --out merged/" + RunPart.read(part).suite() + " " + dir.resolve("forks/reports/run-42"),
                "merge --out merged/faq-bot " + dir.resolve("faq/reports/run-42"));
        assertThat(said.get(1).err()).contains("the run would be judged against one module's bot. Give each module its own report folder"
                + System.lineSeparator());
    }

    @Test
    @DisplayName("a property of the Maven plugin's goals given to the merge (-Dcognigy.merge.out): refused, naming what the"
            + " caller sets instead — the command line's --out, the goal's own parameter — never left without effect")
    void goalsOwnProperty() throws Exception {
        Path part = fork("/forks");
        Path elsewhere = dir.resolve("elsewhere");
        List<Said> said = both("--out", dir.resolve("merged").toString(), "-Dcognigy.merge.out=" + elsewhere, part.toString());
        assertThat(said.get(0).err().lines()).containsExactly("merge: -Dcognigy.merge.out is the outputDirectory of the Maven"
                + " plugin's cognigy:merge, not a setting of the run, which the merge does not read: give the folder the"
                + " merged reports go to with --out; nothing was merged", MergeCommand.USAGE);
        assertThat(said.get(1).err().lines()).containsExactly("merge: <settings><cognigy.merge.out> is the outputDirectory of the"
                + " Maven plugin's cognigy:merge, not a setting of the run, which the merge does not read: set it as that"
                + " goal's own outputDirectory (-Dcognigy.merge.out); nothing was merged", "usage: the goal's parameters");
        assertThat(dir.resolve("merged")).doesNotExist();
        assertThat(elsewhere).doesNotExist();
    }
}
