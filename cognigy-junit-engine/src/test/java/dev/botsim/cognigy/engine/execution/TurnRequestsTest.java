package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.UserScope;

class TurnRequestsTest {

    private static final UniqueId ORDER = UniqueId.forEngine("cognigy").append("case", "test_order");
    private static final UniqueId GREETING = UniqueId.forEngine("cognigy").append("case", "test_greeting");

    private final TurnRequests requests = new TurnRequests("batch_000000000001", "usr_default", "web", new IdempotencyKeys("batch_000000000001"));

    @Test
    @DisplayName("a message's own user and platform win; what it leaves out is the run's default")
    void defaults() {
        TurnRequest own = requests.of(new TestMessage(ORDER, 1, "test_order", "where is my order", "usr_qa01", "whatsapp",
                Map.of("tier", "gold"), null, null));
        assertThat(own).extracting(TurnRequest::testId, TurnRequest::userId, TurnRequest::platform, TurnRequest::text,
                TurnRequest::sessionId).containsExactly("test_order", "usr_qa01", "whatsapp", "where is my order", null);
        assertThat(own.data()).containsEntry("tier", "gold");

        TurnRequest defaulted = requests.of(new TestMessage(ORDER, 2, "test_conv#2", "and now?", null, null, Map.of(), "ses_1", null));
        assertThat(defaulted).extracting(TurnRequest::userId, TurnRequest::platform, TurnRequest::sessionId)
                .containsExactly("usr_default", "web", "ses_1");
    }

    @Test
    @DisplayName("an idempotency key is the same for every retry of a message in a run, and differs by test, turn and run")
    void idempotencyKeys() {
        IdempotencyKeys run = new IdempotencyKeys("batch_000000000001");
        String key = run.of(ORDER, 1);
        assertThat(key).matches("batch_000000000001-[0-9a-f]{24}");
        assertThat(run.of(ORDER, 1)).isEqualTo(key);
        assertThat(requests.of(new TestMessage(ORDER, 1, "test_order", "hi", null, null, Map.of(), null, null)).idempotencyKey())
                .isEqualTo(key);
        assertThat(run.of(ORDER, 2)).isNotEqualTo(key);
        assertThat(run.of(GREETING, 1)).isNotEqualTo(key);
        assertThat(new IdempotencyKeys("batch_000000000002").of(ORDER, 1)).isNotEqualTo(key);
    }

    private static TurnRequests scoped(String runId, UserScope scope) {
        return new TurnRequests(runId, "usr_default", "web", new IdempotencyKeys(runId), scope);
    }

    @Test
    @DisplayName("item 6: a generated user is the same for every retry and turn of a test in a run, differs by test and"
            + " run, and follows the simulation API's usr_[a-zA-Z0-9]+")
    void generatedUsers() {
        TurnRequests run = scoped("batch_000000000001", UserScope.CASE);
        String user = run.of(new TestMessage(ORDER, 1, "test_order", "hi", null, null, Map.of(), null, null)).userId();
        assertThat(user).matches("usr_[a-zA-Z0-9]+").isNotEqualTo("usr_default");
        assertThat(scoped("batch_000000000001", UserScope.CASE).of(new TestMessage(ORDER, 1, "test_order", "hi", null, null,
                Map.of(), null, null)).userId()).as("the same run and test, asked again (a retry)").isEqualTo(user);
        assertThat(run.userOf(GREETING)).isNotEqualTo(user);
        assertThat(scoped("batch_000000000002", UserScope.CASE).userOf(ORDER)).isNotEqualTo(user);
        // The turns of one conversation name the conversation as the user's owner.
        UniqueId conversation = UniqueId.forEngine("cognigy").append("conversation", "test_conv");
        assertThat(run.of(new TestMessage(conversation.append("turn", "2"), 2, "test_conv#2", null, null, null,
                Map.of("a", 1), "ses_1", null, Map.of(), conversation)).userId()).isEqualTo(run.userOf(conversation));

        TurnRequests perRun = scoped("batch_000000000001", UserScope.RUN);
        assertThat(perRun.userOf(ORDER)).isEqualTo(perRun.userOf(GREETING)).matches("usr_[a-zA-Z0-9]+")
                .isNotEqualTo(scoped("batch_000000000002", UserScope.RUN).userOf(ORDER));
        assertThat(scoped("batch_000000000001", UserScope.FIXED).userOf(ORDER)).isEqualTo("usr_default");
    }

    @Test
    @DisplayName("items 7, 15: the context to inject and the locale reach the request; a data-only message has no text")
    void injectAndLocale() {
        TurnRequest request = requests.of(new TestMessage(ORDER, 1, "test_order", null, null, null, Map.of("action", "GO"),
                null, "de-DE", Map.of("tier", "gold"), ORDER));
        assertThat(request.text()).isNull();
        assertThat(request.locale()).isEqualTo("de-DE");
        assertThat(request.injectContext()).isEqualTo(Map.of("tier", "gold"));
    }
}
