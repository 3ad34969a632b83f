package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.config.ApprovalSettings;
import dev.botsim.cognigy.engine.support.Redaction;

/**
 * Which approved fields each key of {@code cognigy.replay.redact} names, by the rule cassettes follow: every value it
 * names a digest, the same digest a cassette's request holds for it.
 */
class ApprovalRedactionTest {

    private static final String FILE = "invoice.sim.yaml.approved.yaml";
    private static final String ADDRESS = "ann@example.com";

    private static ApprovedAnswer answer(String said) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("intent", "send_invoice");
        fields.put("next_flow", "flow_invoice");
        fields.put("text", "Sending it to " + ADDRESS + ".\nAnything else?");
        fields.put("entities", Map.of("email", ADDRESS, "order_id", "ORD_1"));
        return new ApprovedAnswer(said, fields);
    }

    private static ApprovedAnswer redacted(String... targets) {
        return new ApprovalRedaction(List.of(targets)).apply(answer("send my invoice to " + ADDRESS));
    }

    @Test
    @DisplayName("a slot name digests that slot's value, as a cassette digests it in a request: the rest is kept")
    void slotName() {
        ApprovedAnswer answer = redacted("email");

        assertThat(answer.fields().get("entities")).isEqualTo(Map.of("email", Redaction.digested(ADDRESS), "order_id", "ORD_1"));
        assertThat(Redaction.digested(ADDRESS)).isEqualTo("<redacted sha256:1262560ebe76cd2e>"); // docs/replay.md's example
        assertThat(answer.said()).isEqualTo("send my invoice to " + ADDRESS);
        assertThat(answer.fields().get("text")).isEqualTo("Sending it to " + ADDRESS + ".\nAnything else?");
    }

    @Test
    @DisplayName("pointers: /request and /request/text name what the test said; a turn's part, whichever turn, names the"
            + " field made of it; a whole turn, the turns or the answer every field, the entities kept a mapping by name")
    void pointers() {
        assertThat(redacted("/request").said()).isEqualTo(Redaction.digested("send my invoice to " + ADDRESS));
        assertThat(redacted("/request/text").said()).isEqualTo(Redaction.digested("send my invoice to " + ADDRESS));
        assertThat(redacted("/answer/turns/1/text").fields()).containsEntry("text",
                Redaction.digested("Sending it to " + ADDRESS + ".\nAnything else?")).containsEntry("intent", "send_invoice");
        assertThat(redacted("/answer/turns/0/slots/email").fields().get("entities"))
                .isEqualTo(Map.of("email", Redaction.digested(ADDRESS), "order_id", "ORD_1"));
        assertThat(redacted("/answer/turns/0/intent").fields()).containsEntry("intent", Redaction.digested("send_invoice"));
        assertThat(redacted("/answer/turns/0/flow").fields()).containsEntry("next_flow", Redaction.digested("flow_invoice"));
        for (String whole : List.of("/answer", "/answer/turns", "/answer/turns/2")) {
            ApprovedAnswer answer = redacted(whole);
            assertThat(answer.fields()).as(whole).containsEntry("intent", Redaction.digested("send_invoice"))
                    .containsEntry("next_flow", Redaction.digested("flow_invoice"))
                    .containsEntry("entities", Map.of("email", Redaction.digested(ADDRESS), "order_id", Redaction.digested("ORD_1")));
            assertThat(Redaction.isDigest(answer.fields().get("text"))).as(whole).isTrue();
            assertThat(answer.said()).as(whole).isEqualTo("send my invoice to " + ADDRESS);
        }
        assertThat(redacted("/answer/turns/0/slots").fields().get("entities"))
                .isEqualTo(Map.of("email", Redaction.digested(ADDRESS), "order_id", Redaction.digested("ORD_1")));
    }

    @Test
    @DisplayName("parts no approval file holds (a request's platform or data beside its text, a turn's outputs or score,"
            + " the answer's status, a turn named by no number) leave the answer as it is")
    void partsNotHeld() {
        ApprovedAnswer answer = answer("send my invoice to " + ADDRESS);
        assertThat(new ApprovalRedaction(List.of("/request/platform", "/request/data/email", "/answer/turns/0/outputs",
                "/answer/turns/0/score", "/answer/status", "/answer/turns/x/text", "/answer/turns/first", "/other"))
                .apply(answer)).isEqualTo(answer);
    }

    @Test
    @DisplayName("a data-only message's said (data {...}) has its data redacted as a cassette's request data is: by slot"
            + " name or /request/data pointer, the key kept and its value a digest")
    void dataOnlyMessage() {
        ApprovedAnswer postback = new ApprovedAnswer("data {\"action\":\"INVOICE\",\"email\":\"" + ADDRESS + "\"}",
                Map.of("intent", "send_invoice"));

        assertThat(new ApprovalRedaction(List.of("email")).apply(postback).said())
                .isEqualTo("data {\"action\":\"INVOICE\",\"email\":\"" + Redaction.digested(ADDRESS) + "\"}");
        assertThat(new ApprovalRedaction(List.of("/request/data/email")).apply(postback).said())
                .isEqualTo("data {\"action\":\"INVOICE\",\"email\":\"" + Redaction.digested(ADDRESS) + "\"}");
        assertThat(new ApprovalRedaction(List.of("/request")).apply(postback).said()).startsWith("data <redacted sha256:")
                .doesNotContain(ADDRESS);
        assertThat(new ApprovalRedaction(List.of("/request/text")).apply(postback)).isEqualTo(postback);
    }

    @Test
    @DisplayName("redacting a redacted answer changes nothing, and an answer written in clear redacts to the same: an"
            + " approval file's digests read back as they were written")
    void digestsAreKept() {
        ApprovalRedaction redaction = new ApprovalRedaction(List.of("email", "/request/text", "/answer/turns/0/text"));
        ApprovedAnswer once = redaction.apply(answer("send my invoice to " + ADDRESS));

        assertThat(redaction.apply(once)).isEqualTo(once);
        assertThat(ApprovalFile.read(ApprovalFile.write("x", Map.of("test_a", once))).answers().get("test_a")).isEqualTo(once);
        assertThat(ApprovalRedaction.NONE.apply(once)).isEqualTo(once);
    }

    @Test
    @DisplayName("Approvals: the file never holds the value; the same value passes; a changed one fails saying the redacted"
            + " value changed, without either value; an entry approved in clear compares, and approve rewrites it redacted")
    void approvals(@TempDir Path dir) throws Exception {
        List<String> redact = List.of("email", "/request/text", "/answer/turns/0/text");
        Approvals first = Approvals.of(ApprovalSettings.defaults().withDir(dir), List.of(), redact);
        assertThat(check(first, ADDRESS).failure()).isEmpty();
        first.finish();
        String file = Files.readString(dir.resolve(FILE));
        assertThat(file).doesNotContain("ann@", "example.com").contains(Redaction.digested(ADDRESS));

        assertThat(check(Approvals.of(ApprovalSettings.defaults().withDir(dir), List.of(), redact), ADDRESS).failure()).isEmpty();
        var changed = check(Approvals.of(ApprovalSettings.defaults().withDir(dir), List.of(), redact), "bob@example.org");
        assertThat(changed.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.getMessage()).contains("- entities: the redacted value of email changed",
                    "- text: the redacted value changed").doesNotContain("ann@", "bob@", "example");
            assertThat(failure.getExpected().getStringRepresentation() + failure.getActual().getStringRepresentation())
                    .doesNotContain("ann@", "bob@", "example");
        });

        // Approved in clear: by an earlier version, or before the user named the values.
        Approvals clear = Approvals.of(ApprovalSettings.defaults().withDir(dir).withApprove(true), List.of());
        check(clear, ADDRESS);
        clear.finish();
        assertThat(Files.readString(dir.resolve(FILE))).contains("email: " + ADDRESS);
        Approvals comparing = Approvals.of(ApprovalSettings.defaults().withDir(dir), List.of(), redact);
        assertThat(check(comparing, ADDRESS).failure()).isEmpty();
        assertThat(comparing.finish().written()).isEmpty();
        assertThat(check(Approvals.of(ApprovalSettings.defaults().withDir(dir), List.of(), redact), "bob@example.org")
                .failure()).hasValueSatisfying(failure -> assertThat(failure.getMessage()).doesNotContain("ann@", "bob@"));

        Approvals approving = Approvals.of(ApprovalSettings.defaults().withDir(dir).withApprove(true), List.of(), redact);
        check(approving, ADDRESS);
        approving.finish();
        assertThat(Files.readString(dir.resolve(FILE))).isEqualTo(file);
    }

    private static Approvals.Checked check(Approvals approvals, String address) {
        SimulationResult answer = new SimulationResult("test_invoice", "send my invoice to ann@example.com", "sim_1",
                List.of(TestTurns.turn(0, "flow_invoice", "send_invoice", 0.9, Map.of("email", address),
                        "Sending it to " + address + ".", null, null)));
        return approvals.check(FILE, "test_invoice", "send my invoice to ann@example.com", List.of("intent", "next_flow",
                "text", "entities"), answer, FlowNames.AS_WRITTEN);
    }
}
