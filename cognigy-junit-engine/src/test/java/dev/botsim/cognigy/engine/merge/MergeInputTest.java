package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.engine.support.WindowsConsole;

/** What merge says of files it is given that are not parts: one line naming the file, what it is not and what to give. */
class MergeInputTest {

    @TempDir
    Path dir;

    private String refusal(Path input) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), input.toString()), Map.<String, String>of()::get,
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a run's results.json, an empty part and a part cut short are refused naming the file and why, with no Java internals,"
            + " a damaged part with the fix (download it again, or run its shard again); a folder whose name holds a glob's"
            + " characters is read as named")
    void filesThatAreNotParts() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), "{\"batch_id\":\"batch_1\",\"summary\":{\"total\":3}}");
        assertThat(refusal(results)).startsWith("merge: cannot read " + results + ": not a part of a split run: it is JSON, but not what"
                + " a JVM of a split run writes as its cognigy-part.json; give merge the report folders").hasLineCount(1)
                .doesNotContain("Cannot invoke", "dev.botsim", "null");

        Files.createDirectories(dir.resolve("empty"));
        Path empty = Files.writeString(dir.resolve("empty/cognigy-part.json"), "");
        assertThat(refusal(dir.resolve("empty"))).contains(empty + ": not a part of a split run: the file is empty; a JVM writes"
                + " its part whole, so one empty or cut short was damaged on its way here (an upload or download cut off, a full"
                + " disk): download it again, or run its shard or fork again").hasLineCount(1);

        for (String name : List.of("shard[1]", "shard {a}", "shard?")) {
            Path folder = Files.createDirectories(dir.resolve("named").resolve(name));
            Path part = Files.writeString(folder.resolve("cognigy-part.json"), "");
            assertThat(refusal(folder)).as("a folder named %s is read as named, not as a glob", name)
                    .contains(part + ": not a part of a split run: the file is empty");
        }

        Path cut = Files.writeString(dir.resolve("cut.json"), "{\"schemaVersion\":1,\"runId\":\"run-42\",\"info\":{\"batch");
        assertThat(refusal(cut)).contains(cut + ": not a part of a split run: it is not JSON, or was cut short",
                "download it again, or run its shard or fork again").hasLineCount(1);
    }

    @Test
    @DisplayName("a part file that is a symbolic link (a restored CI cache, an artifact of a pull request: to a credentials"
            + " file, say) is refused unread, naming the link; a file in a part's place that is not JSON is refused saying the"
            + " length of the word it could not read and where, never the word: merge's output quotes nothing of what it read")
    void partFileQuotesNothingOfItsContent() throws Exception {
        String secret = "ghp_R3alT0kenOfTheCiUser";
        Path credentials = Files.writeString(dir.resolve("credentials"), secret + " x-oauth-basic\n");
        Path linked = Files.createDirectories(dir.resolve("cache/run-42/batch_1")).resolve("cognigy-part.json");
        try {
            Files.createSymbolicLink(linked, credentials);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        assertThat(refusal(dir.resolve("cache"))).isEqualTo("merge: cannot read " + linked + ": it is a symbolic link, not a part"
                + " a JVM wrote; what it points at was not read: copy the part itself there, or give merge the report folders of"
                + " the run's shards or forks, or their cognigy-part.json files" + System.lineSeparator());
        assertThat(Files.readString(dir.resolve("merged/results.json"))).contains("it is a symbolic link").doesNotContain(secret);

        Path word = Files.writeString(Files.createDirectories(dir.resolve("word/run-42/batch_1")).resolve("cognigy-part.json"),
                "\n  " + secret + " x-oauth-basic\n");
        assertThat(refusal(dir.resolve("word"))).contains(word + ": not a part of a split run: it is not JSON, or was cut short"
                + " (Unrecognized token of " + secret.length() + " characters: was expecting", "at line 2, column ")
                .doesNotContain(secret, "ghp_").hasLineCount(1);

        Path number = Files.writeString(Files.createDirectories(dir.resolve("number/run-42/batch_1")).resolve("cognigy-part.json"),
                "{\"schemaVersion\":98765432109876}");
        assertThat(refusal(dir.resolve("number"))).contains(number + ": not a part of a split run").doesNotContain("98765432109876")
                .hasLineCount(1);
    }

    @Test
    @DisplayName("the mark of a begun part that is a symbolic link is not read (what it points at would be quoted as its shard"
            + " and suite), and is still a part that never ended; a mark's shard and suite holding a line break are said on"
            + " their line of the refusal, which no line of the mark's own can start")
    void begunMarkQuotesNothingOfALinkAndStaysOnItsLine() throws Exception {
        Path run = Files.createDirectories(dir.resolve("marks/run-42"));
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.json"), "{\"runId\":\"run-42\",\"shard\":\"1/2\","
                + "\"suite\":\"db-password-hunter2\",\"started\":\"2026-01-01T00:00:00Z\"}");
        Path link = run.resolve("cognigy-part-l1nk.started");
        try {
            Files.createSymbolicLink(link, elsewhere);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        assertThat(refusal(run)).contains("never wrote their results", "a part (" + link + ")").doesNotContain("hunter2");

        Files.delete(link);
        Files.writeString(run.resolve("cognigy-part-f0rged.started"), "{\"runId\":\"run-42\",\"shard\":\"1/2\\n::error::forged\","
                + "\"suite\":\"orders\\r\\n::warning::forged\",\"started\":\"2026-01-01T00:00:00Z\"}");
        String said = refusal(run);
        assertThat(said).contains("shard 1/2\\n::error::forged of orders\\r\\n::warning::forged");
        assertThat(said.lines()).noneMatch(line -> line.strip().startsWith("::"));
    }

    @Test
    @DisplayName("a part file larger than merge reads (a wrong file named as a part, a hostile one) is refused by its size,"
            + " naming the file, its size, the limit and the fix, without reading it into memory; so is a device given as a"
            + " part, which has no size and never ends")
    void partFileTooLargeToRead() throws Exception {
        Path huge = Files.createDirectories(dir.resolve("shards/run-42/batch_1")).resolve("cognigy-part.json");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: more than any array holds, without the disk space
        }
        assertThat(refusal(dir.resolve("shards"))).startsWith("merge: cannot read " + huge + ": it is 3221225472 bytes, larger than"
                + " the 256 MiB (268435456 bytes) a part file is read up to: a part holds one shard's or fork's results")
                .contains("split the run into more shards or forks").hasLineCount(1).doesNotContain("Exception");

        Path justOver = Files.createDirectories(dir.resolve("over/run-42/batch_1")).resolve("cognigy-part.json");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(justOver.toFile(), "rw")) {
            file.setLength(dev.botsim.cognigy.engine.shard.RunPart.MAX_BYTES + 1);
        }
        assertThat(refusal(justOver)).startsWith("merge: cannot read " + justOver + ": it is 268435457 bytes, larger than");

        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "a system with /dev/zero");
        assertThat(refusal(zero)).isEqualTo("merge: cannot read /dev/zero: it is no file but a device, pipe or socket: give merge"
                + " the report folders of the run's shards or forks, or their cognigy-part.json files" + System.lineSeparator());
    }

    @Test
    @DisplayName("a part whose shard or run id no JVM writes (edited by hand) is refused as not a part, naming the file, instead"
            + " of ending merge in an exception")
    void shardAndRunIdAJvmNeverWrites() throws Exception {
        String part = "{\"schemaVersion\":1,\"runId\":\"%s\",\"shard\":%s,\"partial\":false,\"cancelled\":false,"
                + "\"info\":{\"batchId\":\"batch_1\",\"started\":\"2026-01-01T00:00:00Z\",\"backend\":\"sandbox\"},"
                + "\"finished\":\"2026-01-01T00:00:01Z\",\"dataFiles\":{},\"records\":[]}";
        for (String shard : List.of("\"x\"", "\"2\"", "\"0/2\"", "\"3/2\"", "\"1/99999\"", "\" 1/2\"")) {
            Path file = Files.writeString(dir.resolve("part.json"), part.formatted("run-42", shard));
            assertThat(refusal(file)).as("shard %s", shard).startsWith("merge: cannot read " + file + ": its shard is not <i>/<n>")
                    .hasLineCount(1);
        }
        for (String runId : List.of("run 42", "run-42\\n[cognigy] governance: COMPLIANT", "")) {
            Path file = Files.writeString(dir.resolve("part.json"), part.formatted(runId, "\"1/2\""));
            assertThat(refusal(file)).as("run id %s", runId).startsWith("merge: cannot read " + file + ": its run id is not")
                    .hasLineCount(1);
        }
    }

    @Test
    @DisplayName("a part without the time its JVM finished it (edited by hand) is refused as not a part, naming the file: two"
            + " reruns without it ended merge in a NullPointerException, ordering them to let the later result win")
    void partWithoutItsFinishTime() throws Exception {
        String part = "{\"schemaVersion\":1,\"runId\":\"run-42\",\"shard\":null,\"partial\":%s,\"cancelled\":false,"
                + "\"info\":{\"batchId\":\"%s\",\"started\":\"2026-01-01T00:00:00Z\",\"backend\":\"sandbox\",\"plannedTests\":1},"
                + "%s\"dataFiles\":{},\"records\":[{\"uniqueId\":\"[engine:cognigy]/[case:test_a]\",\"testId\":\"test_a\","
                + "\"outcome\":\"%s\"}]}";
        Files.writeString(Files.createDirectories(dir.resolve("parts/run-42/batch_1")).resolve("cognigy-part.json"),
                part.formatted(false, "batch_1", "\"finished\":\"2026-01-01T00:00:01Z\",", "FAILED"));
        Path rerun = Files.writeString(Files.createDirectories(dir.resolve("parts/run-42/batch_2")).resolve("cognigy-part.json"),
                part.formatted(true, "batch_2", "", "PASSED"));
        Files.writeString(Files.createDirectories(dir.resolve("parts/run-42/batch_3")).resolve("cognigy-part.json"),
                part.formatted(true, "batch_3", "", "PASSED"));

        assertThat(refusal(dir.resolve("parts"))).isEqualTo("merge: cannot read " + rerun + ": no run id, run info or finish time: not"
                + " a part of a split run as written" + System.lineSeparator());
    }

    @Test
    @DisplayName("a -D setting outside cognigy.* (a misspelt prefix) is wrong use, refused before anything is merged naming"
            + " the key meant, as the engine refuses it: it would leave the parts' own value, their audit trail say, in force")
    void settingsOutsideCognigyAreRefused() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("shards"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), "-Dcogniy.audit.file=audit.jsonl",
                parts.toString()), Map.<String, String>of()::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        // The folder holds no part: that is said too, in the same message (see problemsOfFoldersAndSettingsTogether).
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("merge: a setting given is refused too: -Dcogniy.audit.file is"
                + " not a cognigy.* setting, the only settings a merge reads: unknown configuration key cogniy.audit.file — did you"
                + " mean 'cognigy.audit.file'?; nothing was merged").contains(MergeCommand.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    @Test
    @DisplayName("a folder holding no part beside a -D key the engine does not know (cognigy.runid) or outside cognigy.* is refused"
            + " naming both in one message, exit 2: a job fixing one problem a run would need a run for the next")
    void problemsOfFoldersAndSettingsTogether() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("shards"));
        String noPart = "merge refused: no part of a run was found below " + empty + " (no cognigy-part.json there): name the"
                + " folders the shards' or forks' reports were downloaded to; did the shards write their reports to"
                + " cognigy.report.dir with cognigy.shard or cognigy.run.defer and a run id set?";

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), "-Dcognigy.runid=x", empty.toString()),
                Map.<String, String>of()::get, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(noPart, "merge: a setting given is refused too:"
                + " unknown configuration key cognigy.runid — did you mean 'cognigy.run-id'?; nothing was merged");
        // A refusal once the command line is read, as each alone is: the output folder says it, both problems in it.
        assertThat(Files.readString(dir.resolve("merged/results.json"))).contains("no part of a run was found", "cognigy.runid");

        err.reset();
        code = MergeCommand.run(List.of("--out", dir.resolve("other").toString(), "-Dcognigy.runid=x", "-Dcogingy.audit.file=a.jsonl",
                empty.toString()), Map.<String, String>of()::get, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(noPart,
                "merge: 2 settings given are refused too; nothing was merged:",
                "  - -Dcogingy.audit.file is not a cognigy.* setting, the only settings a merge reads: unknown configuration key"
                        + " cogingy.audit.file — did you mean 'cognigy.audit.file'?",
                "  - unknown configuration key cognigy.runid — did you mean 'cognigy.run-id'?",
                MergeCommand.USAGE);
        assertThat(dir.resolve("other")).as("wrong use among them: nothing written").doesNotExist();
    }

    @Test
    @DisplayName("a property of the Maven plugin's goals (-Dcognigy.merge.report-dir, -Dcognigy.merge.skip,"
            + " -Dcognigy.skip-prepare-run) is wrong use, naming what the command does instead: the engine knows them, so"
            + " they are no unknown key, but the command reads none of them")
    void goalPropertiesAreWrongUse() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("shards"));
        Map<String, String> said = Map.of(
                "cognigy.merge.report-dir", "the reportDirectory of the Maven plugin's cognigy:merge, not a setting of the run, which"
                        + " the merge does not read: name the report folders (or part files, or globs of either) as its"
                        + " arguments",
                "cognigy.merge.skip", "the skip of the Maven plugin's cognigy:merge, not a setting of the run, which the merge"
                        + " does not read: it has no skip; leave merge out of the job instead",
                "cognigy.skip-prepare-run", "the skip of the Maven plugin's cognigy:prepare-run, not a setting of the run, which"
                        + " the merge does not read: it prepares no run; remove it");
        for (Map.Entry<String, String> property : said.entrySet()) {
            Said merge = merge("--out", dir.resolve("merged").toString(), "-D" + property.getKey() + "=" + dir.resolve("x"),
                    parts.toString());
            assertThat(merge.code()).isEqualTo(2);
            // The folder holds no part, which is said first (problemsOfFoldersAndSettingsTogether).
            assertThat(merge.err().lines()).endsWith("merge: a setting given is refused too: -D" + property.getKey() + " is "
                    + property.getValue() + "; nothing was merged", MergeCommand.USAGE);
        }
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    @Test
    @DisplayName("a refusal of several lines (parts a merge with COGNIGY_SHARD_KEY cannot authenticate, each on a line of its"
            + " own) is printed line by line, each ended by the platform's line separator — CRLF on Windows — not with one"
            + " println whose lines end in LF")
    void refusalOfSeveralLinesEndsEachInThePlatformsSeparator() throws Exception {
        Path first = Files.writeString(Files.createDirectories(dir.resolve("shards/run-42/a")).resolve("cognigy-part.json"), "{}");
        Path second = Files.writeString(Files.createDirectories(dir.resolve("shards/run-42/b")).resolve("cognigy-part.json"), "{}");
        WindowsConsole err = new WindowsConsole();

        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("shards").toString()),
                Map.of("COGNIGY_SHARD_KEY", "shard-key-7d1c5e9a3b0f4e2d8c6a1b9e")::get, Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()), err);

        assertThat(code).isEqualTo(2);
        assertThat(err.hasBareLineFeed()).as("a line ended by LF alone in %s", err.text()).isFalse();
        assertThat(err.text().split("\r\n")).hasSize(3).satisfies(lines -> {
            assertThat(lines[0]).startsWith("merge refused: 2 of 2 parts are not authenticated");
            assertThat(lines[1]).startsWith("  " + first + " has no signature");
            assertThat(lines[2]).startsWith("  " + second + " has no signature");
        });
    }

    /** What one merge said and returned. */
    private record Said(int code, String out, String err) {
    }

    private static Said merge(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of(args), Map.<String, String>of()::get, Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Said(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("an empty --out or an empty folder argument (\"$OUT\" of a variable the CI job never set) is wrong use, exit 2:"
            + " read as the working directory, the merge would write its reports there, or merge every part below it")
    void emptyArgumentsAreWrongUse() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("shards"));
        Said emptyOut = merge("--out", "", parts.toString());
        assertThat(emptyOut.code()).isEqualTo(2);
        assertThat(emptyOut.err()).startsWith("merge: --out is given an empty folder name (a variable of the job unset?)")
                .contains(MergeCommand.USAGE);

        Said emptyInput = merge("--out", dir.resolve("merged").toString(), "");
        assertThat(emptyInput.code()).isEqualTo(2);
        assertThat(emptyInput.err()).startsWith("merge: an empty argument where a report folder belongs (a variable of the job unset?)");
        assertThat(emptyInput.out()).isEmpty();
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    @Test
    @DisplayName("an argument that is neither a path nor a glob the JDK can read ('[') is one line naming it, not a Java"
            + " exception; a missing folder is named with the working directory it was looked for in")
    void brokenGlobAndMissingFolder() throws Exception {
        Said broken = merge("--out", dir.resolve("merged").toString(), dir.resolve("shards[").toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).startsWith("merge: " + dir.resolve("shards[") + " is neither a file or folder nor a glob merge can read")
                .contains("name the report folders").hasLineCount(1).doesNotContain("Exception", "java.");

        Said missing = merge("--out", dir.resolve("merged").toString(), "no-such-shards");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("merge: no-such-shards matches no file or folder in " + Path.of("").toAbsolutePath()
                + "; name the folders the shards' or forks' reports were downloaded to\n");
    }

    @Test
    @DisplayName("folders without any part are named in the refusal, so a CI log says where the merge looked")
    void foldersWithoutPartsAreNamed() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("downloaded/shard-1"));
        Said said = merge("--out", dir.resolve("merged").toString(), empty.toString());
        assertThat(said.code()).isEqualTo(2);
        assertThat(said.err()).startsWith("merge refused: no part of a run was found below " + empty + " (no cognigy-part.json there)");
    }

    @Test
    @DisplayName("each folder given is walked once for its parts, the marks of begun parts and whether it holds either; what"
            + " the walk finds is what the three looks at it found: the part, the mark, the named folder and the empty folder a"
            + " glob matched that hold neither")
    void eachFolderGivenIsWalkedOnce() throws Exception {
        Path shard = Files.createDirectories(dir.resolve("shards/shard-1/run-42/batch_1"));
        Files.writeString(shard.resolve(RunPart.FILE_NAME), "{}");
        Path mark = Files.writeString(dir.resolve("shards/shard-1/run-42/" + RunPart.BEGUN_PREFIX + "x" + RunPart.BEGUN_SUFFIX), "{}");
        Path junitOnly = Files.createDirectories(dir.resolve("shards/shard-2"));
        Files.writeString(junitOnly.resolve("TEST-OrderBotTest.xml"), "<testsuite/>");
        Path empty = Files.createDirectories(dir.resolve("jobs/job-1"));
        Map<Path, Integer> walks = new java.util.TreeMap<>();
        MergeCommand.Listing counting = folder -> {
            walks.merge(folder, 1, Integer::sum);
            return Files.walk(folder);
        };

        MergeCommand.Inputs inputs = MergeCommand.Inputs.of(List.of(dir.resolve("shards/shard-1").toString(), junitOnly.toString(),
                dir.resolve("jobs") + "/*"), counting);

        assertThat(inputs.partFiles()).containsExactly(shard.resolve(RunPart.FILE_NAME));
        assertThat(inputs.marks()).containsExactly(mark.toAbsolutePath().normalize());
        assertThat(inputs.withoutParts()).containsExactly(junitOnly, empty);
        assertThat(walks).as("the glob's folder is walked once to match it, every folder given or matched once")
                .containsExactly(Map.entry(dir.resolve("jobs"), 1), Map.entry(empty, 1), Map.entry(dir.resolve("shards/shard-1"), 1),
                        Map.entry(junitOnly, 1));
    }

    @Test
    @DisplayName("a part of another schema version names the field as written and the fix: the version the shards ran")
    void partOfAnotherSchemaVersion() throws Exception {
        String part = "{%s\"runId\":\"run-42\",\"shard\":\"1/1\",\"partial\":false,\"cancelled\":false,"
                + "\"info\":{\"batchId\":\"batch_1\",\"started\":\"2026-01-01T00:00:00Z\",\"backend\":\"sandbox\"},"
                + "\"finished\":\"2026-01-01T00:00:01Z\",\"dataFiles\":{},\"records\":[]}";
        Path newer = Files.writeString(dir.resolve("newer.json"), part.formatted("\"schemaVersion\":2,"));
        assertThat(refusal(newer)).startsWith("merge: cannot read " + newer + ": its schemaVersion is 2, and this merge")
                .contains("reads parts of schemaVersion 1: it was written by a newer version of cognigy-junit; merge with the version"
                        + " the shards or forks ran").doesNotContain("schema_version").hasLineCount(1);
        Path none = Files.writeString(dir.resolve("none.json"), part.formatted(""));
        assertThat(refusal(none)).startsWith("merge: cannot read " + none + ": it has no schemaVersion, and this merge");
    }

    @Test
    @DisplayName("-D without a value says how to write it; -D naming an environment variable (a secret put where settings go)"
            + " says to set it in the environment, without repeating its value")
    void settingWithoutValueAndEnvironmentVariable() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("shards"));
        Said noValue = merge("-Dcognigy.run-id", parts.toString());
        assertThat(noValue.code()).isEqualTo(2);
        assertThat(noValue.err()).startsWith("merge: -Dcognigy.run-id has no value: write -Dcognigy.run-id=value");

        Said secret = merge("-DCOGNIGY_WEBHOOK_SECRET=whsec_canaryVALUE0123456789", parts.toString());
        assertThat(secret.code()).isEqualTo(2);
        assertThat(secret.err()).contains("merge: a setting given is refused too: COGNIGY_WEBHOOK_SECRET is an environment"
                + " variable, not a setting: set it in the merge job's environment").doesNotContain("canaryVALUE");
    }

    @Test
    @DisplayName("a folder below the inputs, or a part in a folder, this job may not read is one line naming it and saying"
            + " permission denied, not a Java exception or 'matches no file or folder'")
    void foldersThisJobCannotRead() throws Exception {
        Path shards = Files.createDirectories(dir.resolve("shards"));
        Path locked = Files.createDirectories(shards.resolve("shard-2"));
        Path part = Files.writeString(locked.resolve(dev.botsim.cognigy.engine.shard.RunPart.FILE_NAME), "{}");
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        try {
            Said below = asUserWithoutPrivileges("--out", dir.resolve("merged").toString(), shards.toString());
            assertThat(below.code()).as(below.err()).isEqualTo(2);
            assertThat(below.err()).isEqualTo("merge: cannot read " + locked + ": permission denied; give this job read access to the"
                    + " report folders (or copy them where it can read them)\n");
            Said named = asUserWithoutPrivileges("--out", dir.resolve("merged").toString(), part.toString());
            assertThat(named.code()).as(named.err()).isEqualTo(2);
            assertThat(named.err()).startsWith("merge: cannot read " + part + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * The merge as a CI job's user runs it: in this JVM when the tests do not run as root, else in a JVM of its own as
     * root without the privileges that let root read any file ({@code setpriv}), which a CI container's root has.
     */
    private Said asUserWithoutPrivileges(String... args) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) return merge(args);
        Path setpriv = Path.of("/usr/bin/setpriv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(setpriv), "run as root without setpriv to drop its privileges");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(setpriv.toString(), "--bounding-set", "-all", "--inh-caps", "-all",
                "--securebits", "+noroot,+noroot_locked,+no_setuid_fixup", javaCommand, "-cp", System.getProperty("java.class.path"),
                dev.botsim.cognigy.engine.audit.AuditCommand.class.getName(), "merge"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Said(process.exitValue(), Files.readString(out), Files.readString(err));
    }
    @Test
    @DisplayName("a JVM killed after its part file was in place and before it removed its .started mark leaves a mark naming"
            + " its part's batch: merge takes the part as ended and merges it, instead of refusing the run over a part that is there;"
            + " a shard job's own check counts it alike")
    void markOfAPartWrittenBeforeItsJvmWasKilled() throws Exception {
        Path reports = dir.resolve("reports");
        java.time.Instant started = java.time.Instant.parse("2026-01-01T00:00:00Z");
        dev.botsim.cognigy.spi.RunInfo info = dev.botsim.cognigy.spi.RunInfo.builder().batchId("batch_written0").started(started)
                .backend("sandbox").plannedTests(1).configuration(Map.of("cognigy.run-id", "run-42")).build();
        List<dev.botsim.cognigy.spi.SimulationRecord> records = List.of(dev.botsim.cognigy.spi.SimulationRecord.builder()
                .uniqueId("[engine:cognigy]/[case:test_a]").testId("test_a").outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
        Path written = Files.createDirectories(dev.botsim.cognigy.engine.shard.RunPart.folder(reports, "run-42", "batch_written0"));
        new dev.botsim.cognigy.engine.shard.RunPart(dev.botsim.cognigy.engine.shard.RunPart.SCHEMA_VERSION, "run-42", null, "orders-bot",
                false, false, info, started.plusSeconds(5), Map.of(), records).write(written, java.util.Optional.empty());
        // The mark as its JVM left it: begun, then naming the batch whose part it was about to write; never removed.
        Path mark = Files.writeString(reports.resolve("run-42").resolve("cognigy-part-k1lled.started"), "{\"runId\":\"run-42\","
                + "\"shard\":null,\"suite\":\"orders-bot\",\"started\":\"2026-01-01T00:00:00Z\",\"batch\":\"batch_written0\"}");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), reports.resolve("run-42").toString()),
                Map.<String, String>of()::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("refused");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isNotEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote its results, " + written.resolve("cognigy-part.json"),
                "ended before it removed its mark; merged with them");
        assertThat(dir.resolve("merged").resolve("results.json")).exists();
        // A shard job's own check (cognigy:merge in its build) counts the mark as the merge does: not unfinished.
        Map<String, dev.botsim.cognigy.engine.shard.RunPart> parts = Map.of(written.resolve("cognigy-part.json").toString(),
                dev.botsim.cognigy.engine.shard.RunPart.read(written.resolve("cognigy-part.json")));
        assertThat(ShardTally.of(parts, List.of(mark), "orders-bot").unfinished()).isEmpty();

        // A mark naming a batch whose part is not there is a part that never ended, as before.
        Files.writeString(mark, Files.readString(mark).replace("batch_written0", "batch_missing0"));
        assertThat(refusal(reports.resolve("run-42"))).contains("began but never wrote their results");
        assertThat(ShardTally.of(parts, List.of(mark), "orders-bot").unfinished()).containsExactly(mark);
    }
}
