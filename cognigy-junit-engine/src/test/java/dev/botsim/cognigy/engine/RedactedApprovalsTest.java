package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * Approval files honour {@code cognigy.replay.redact} as cassettes do, end to end against the in-process sandbox: what
 * the user named there is written as a digest, an unchanged answer passes, a changed one fails without either value
 * in its message, and a file approved in clear before still compares and is rewritten redacted on approval.
 */
class RedactedApprovalsTest {

    private static final String REDACT = "email,/request/text,/answer/turns/0/text";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    /** A bot that says the e-mail address back: {@code fullAddress} false finds only its part before the domain. */
    private String bot(boolean fullAddress) throws Exception {
        Path bot = dir.resolve(fullAddress ? "invoice-bot.yaml" : "invoice-bot-changed.yaml");
        Files.writeString(bot, "bot: invoice-bot\nthreshold: 0.35\nentities:\n  - name: email\n    pattern: \""
                + (fullAddress ? "[\\\\w.+-]+@[\\\\w-]+\\\\.[\\\\w.]+" : "[\\\\w.+-]+@") + "\"\n"
                + "flows:\n  - id: flow_invoice\n    intents:\n      - name: send_invoice\n"
                + "        examples: [send my invoice to, email my invoice to, mail the invoice to]\n"
                + "    responses: [\"I will send your invoice to {email}.\"]\n"
                + "fallback:\n  flow: flow_fallback\n  response: \"Sorry?\"\n");
        return bot.toString();
    }

    private Path dataFile() throws Exception {
        Path data = dir.resolve("tests/invoice.sim.yaml");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "version: 1\ncases:\n  - id: test_invoice\n    utterance: send my invoice to ann@example.com\n"
                + "    expect: approved\n");
        return data;
    }

    private EngineExecutionResults run(String bot, Map<String, String> extra) throws Exception {
        Map<String, String> parameters = new HashMap<>(Map.of(Constants.REPLAY_REDACT, REDACT));
        parameters.putAll(extra);
        return EngineTestSupport.sandboxRun(bot, dir, console, Map.of(), parameters, selectFile(dataFile().toFile()));
    }

    private Path approvalFile() throws Exception {
        try (var files = Files.walk(dir.resolve("approved"))) {
            return files.filter(p -> p.toString().endsWith(".approved.yaml")).findFirst().orElseThrow();
        }
    }

    @Test
    @DisplayName("cognigy.replay.redact reaches the approval file: the slot, what the test said and the bot's text are"
            + " digests, no byte of the address is written, and the same answer passes on the next run")
    void redactedValuesAreDigests() throws Exception {
        run(bot(true), Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(1));
        String file = Files.readString(approvalFile());
        assertThat(file).doesNotContain("ann@", "example.com")
                .containsPattern("said: \"?<redacted sha256:[0-9a-f]{16}>")
                .containsPattern("text: \"?<redacted sha256:[0-9a-f]{16}>")
                .containsPattern("email: \"?<redacted sha256:[0-9a-f]{16}>")
                .contains("intent: send_invoice", "next_flow: flow_invoice");

        run(bot(true), Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(Files.readString(approvalFile())).isEqualTo(file);
    }

    @Test
    @DisplayName("a changed redacted value fails, saying the redacted value changed, and prints neither value")
    void changedValueFailsWithoutPrintingIt() throws Exception {
        run(bot(true), Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(1));

        EngineExecutionResults changed = run(bot(false), Map.of());

        changed.testEvents().assertStatistics(stats -> stats.failed(1));
        Throwable failure = changed.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("entities: the redacted value of email changed",
                "text: the redacted value changed").doesNotContain("ann@", "example.com");
        var diff = (org.opentest4j.AssertionFailedError) failure;
        assertThat(diff.getExpected().getStringRepresentation() + diff.getActual().getStringRepresentation())
                .doesNotContain("ann@", "example.com");
    }

    @Test
    @DisplayName("an approval file written in clear before still compares (its values hashed), and the next"
            + " cognigy.approve=true rewrites it redacted")
    void clearApprovalStillComparesAndIsRewrittenRedacted() throws Exception {
        run(bot(true), Map.of(Constants.REPLAY_REDACT, "")).testEvents().assertStatistics(stats -> stats.succeeded(1));
        // Written so before approval files honoured the key (or before the user named it): every value in clear.
        Path file = approvalFile();
        String clear = Files.readString(file);
        assertThat(clear).contains("said: send my invoice to ann@example.com", "email: ann@example.com");

        run(bot(true), Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(Files.readString(file)).as("a run that only compares leaves the file alone").isEqualTo(clear);

        run(bot(true), Map.of(Constants.APPROVE, "true")).testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(Files.readString(file)).doesNotContain("ann@", "example.com").contains("<redacted sha256:");
        run(bot(true), Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(1));
    }
}
