package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.audit.AuditVerifier;
import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * One suite run on build machines set otherwise than en_US/UTC — Turkish ({@code "I".toLowerCase()} is {@code ı}) in
 * Pacific/Chatham (+12:45/+13:45), German (decimal comma) in Asia/Kolkata (+05:30) — and on an en_US/UTC one, all
 * appending to one audit trail and delivering to one webhook receiver: the trail verifies on either machine, each
 * payload's signature verifies, and results.json says the same figures in the same characters.
 */
class ForeignMachineDefaultsTest {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "a-webhook-key-of-32-bytes-long!!".getBytes(StandardCharsets.UTF_8));

    private static final String BOT = """
            bot: umlaut-bot
            threshold: 0.6
            flows:
              - id: flow_orders
                name: Bestellung prüfen
                intents:
                  - name: ORDER_INFO
                    examples: [wo ist meine bestellung, where is my order]
                  - name: iade
                    examples: [iade istiyorum, ürünü iade etmek istiyorum]
                responses: ["Ihre Bestellung ist unterwegs 📦 — İade talebiniz alındı."]
            fallback:
              flow: flow_main
              name: Main Flow
              response: "Entschuldigung, das habe ich nicht verstanden."
            """;

    private static final String SUITE = """
            version: 1
            cases:
              - id: test_order_info
                utterance: Wo ist meine Bestellung? 📦
                expect:
                  intent: ORDER_INFO
                  response_contains: "İADE TALEBİNİZ"
              - id: test_iade
                utterance: İade istiyorum
                expect:
                  intent: iade
                  response_not_contains: [fehler]
              - id: test_missed
                utterance: Gutschein einlösen
                expect:
                  intent: ORDER_INFO
            """;

    private record Machine(Locale locale, String zone) {
    }

    @Test
    @DisplayName("a run on a Turkish, a German and an en_US machine appends to one audit trail that verifies on each; every"
            + " webhook signature verifies; results.json, the audit record and the payload write 66.6 %, never 66,6")
    void sameFilesOnEveryMachine(@TempDir Path dir) throws Exception {
        Path bot = Files.writeString(dir.resolve("bot.yaml"), BOT);
        Path data = Files.writeString(dir.resolve("umlaute.sim.yaml"), SUITE);
        Path trail = dir.resolve("audit/trail.jsonl");
        List<Machine> machines = List.of(new Machine(Locale.forLanguageTag("tr-TR"), "Pacific/Chatham"),
                new Machine(Locale.GERMANY, "Asia/Kolkata"), new Machine(Locale.US, "UTC"));
        List<String> results = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        List<RecordedRequest> deliveries = new ArrayList<>();
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.start();
            for (Machine machine : machines) {
                receiver.enqueue(new MockResponse.Builder().code(204).build());
                Path here = dir.resolve(machine.locale().toLanguageTag());
                EngineExecutionResults run = on(machine, () -> EngineTestSupport.sandboxRun(bot.toString(), here,
                        new ByteArrayOutputStream(), Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET),
                        Map.of(Constants.AUDIT_FILE, trail.toString(), Constants.GOVERNANCE_THRESHOLD, "0.6",
                                Constants.WEBHOOK_URL, receiver.url("/hook").toString(),
                                Constants.WEBHOOK_OUTBOX_DIR, here.resolve("outbox").toString()),
                        selectFile(data.toFile())));
                assertThat(EngineTestSupport.failureMessages(run)).as(machine.toString()).singleElement().asString()
                        .contains("test_missed");
                run.testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
                results.add(Files.readString(here.resolve("reports/results.json")));
                pages.add(Files.readString(here.resolve("reports/index.html")));
                deliveries.add(receiver.takeRequest());
            }
        }

        for (Machine machine : machines) {
            AuditVerifier.Result verified = on(machine, () -> AuditVerifier.verify(trail));
            assertThat(verified.ok()).as("verified on " + machine).isTrue();
            assertThat(verified.records()).isEqualTo(3);
        }
        List<String> records = Files.readAllLines(trail, StandardCharsets.UTF_8);
        for (int i = 0; i < machines.size(); i++) {
            assertThat(records.get(i)).as(machines.get(i).toString()).contains("\"governance\":\"COMPLIANT\"")
                    .doesNotContain("66,6");
            assertThat(ofTheRun(results.get(i))).as("results.json written on " + machines.get(i))
                    .isEqualTo(ofTheRun(results.get(2)));
            assertThat(ofThePage(pages.get(i))).as("index.html written on " + machines.get(i)).isEqualTo(ofThePage(pages.get(2)));
            RecordedRequest delivery = deliveries.get(i);
            assertThat(verifies(delivery)).as("signature of the payload from " + machines.get(i)).isTrue();
            assertThat(delivery.getBody().utf8()).doesNotContain("66,6").contains("İade istiyorum", "📦");
        }
        assertThat(results.get(0)).contains("\"pass_rate\" : 0.6666", "İade istiyorum", "Wo ist meine Bestellung? 📦")
                .doesNotContain("0,6666");
        assertThat(pages.get(0)).contains("<b>66.6 %</b>", "governance (threshold 60 %)", "<bdi>İade istiyorum</bdi>");
    }

    /**
     * results.json without what differs from run to run: the batch id, the times and durations, and the machine's own
     * folders among the settings (each machine's run writes its reports, approvals and outbox to a folder of its own).
     */
    private static String ofTheRun(String resultsJson) {
        return ownFolders(resultsJson).lines().filter(line -> !line.strip().matches("\"(batch_id|started|finished|duration_ms)\" : .*"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The folder of each machine's run ({@code …/tr-TR/reports}) as one name: the settings name them. */
    private static String ownFolders(String text) {
        return text.replaceAll("/(tr-TR|de-DE|en-US)/(reports|approved|outbox)", "/machine/$2");
    }

    /** index.html without the batch id, the times and durations, and the machine's own folders among the settings. */
    private static String ofThePage(String html) {
        return ownFolders(html).replaceAll("batch_[0-9a-f]{12}", "batch").replaceAll("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC", "time")
                .replaceAll("took [^<]*<", "took<").replaceAll("[0-9]+ ms", "ms");
    }

    /** A receiver's check from the Standard Webhooks text alone: HMAC-SHA256 of "id.timestamp.body". */
    private static boolean verifies(RecordedRequest request) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(SECRET.substring("whsec_".length())),
                "HmacSHA256"));
        mac.update((request.getHeaders().get("webhook-id") + "." + request.getHeaders().get("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(request.getBody().toByteArray()));
        return List.of(request.getHeaders().get("webhook-signature").split(" ")).contains(expected);
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    /** {@code work} done with {@code machine}'s default locale and time zone, the JVM's own restored after. */
    private static <T> T on(Machine machine, Work<T> work) throws Exception {
        Locale locale = Locale.getDefault();
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        TimeZone zone = TimeZone.getDefault();
        Locale.setDefault(machine.locale());
        TimeZone.setDefault(TimeZone.getTimeZone(machine.zone()));
        try {
            return work.run();
        } finally {
            Locale.setDefault(locale);
            Locale.setDefault(Locale.Category.FORMAT, format);
            Locale.setDefault(Locale.Category.DISPLAY, display);
            TimeZone.setDefault(zone);
        }
    }
}
