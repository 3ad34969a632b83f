package dev.botsim.cognigy.engine.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;

/**
 * The message a cassette records for a failure of the bot: what the run failed with, without what holds for that run
 * only. A failure message names the run's ids, the server's ids for the exchange, times, counts of attempts and waits
 * that differ from run to run though the bot's behaviour does not; recorded as they are, recording an unchanged bot
 * again would write other bytes, and cassettes would churn in review. What a reader needs stays: what failed, how (the
 * HTTP status, the server's words), and the settings it ran out of.
 *
 * <p>What the engine's own words hold for one run only is named where they are written, never found here by their
 * wording: a backend names its ids and counts ({@link BackendException#varying()}), the transport its counts, waits and
 * instants (its {@code Phrase}, carried by {@link BackendException#varying(
 * dev.botsim.cognigy.engine.transport.Retries.GiveUp)}), so a reworded message cannot slip past a rule written for its
 * old words. The rules here are for shapes in what servers say, which the engine does not word.
 */
final class FailureText {

    /**
     * A value of one shape that differs from run to run, and what stands for it. Each rule names a shape a server puts in
     * the text a failure message quotes; a number that means something (an HTTP status, a configured timeout) is left alone.
     */
    private record Rule(Pattern shape, String writtenAs) {
        static Rule of(String shape, String writtenAs) {
            return new Rule(Pattern.compile(shape), writtenAs);
        }
    }

    private static final List<Rule> RULES = List.of(
            // An instant: a timestamp in a server's error body.
            Rule.of("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})",
                    "<time>"),
            // A UUID: a server's trace or request id (a REST Endpoint's endpoint-httpIncomingMessage-<uuid>), a session.
            Rule.of("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "<uuid>"),
            // A port on this machine: the embedded sandbox and a local stand-in listen on a free one, another each run.
            Rule.of("(?i)(\\blocalhost|\\b127\\.0\\.0\\.1|\\[::1\\]|\\[0:0:0:0:0:0:0:1\\]):[0-9]{1,5}\\b", "$1:<port>"));

    /** The shortest run or session id replaced wherever it occurs. */
    private static final int MIN_ID = 6;

    private FailureText() {
    }

    /**
     * {@code failure}'s message as a cassette records it for {@code request}: without the retries made before giving up
     * (how many a run needed depends on its luck with the server), and with the values its backend and the transport
     * named as holding for this run only ({@link BackendException#varying()}), the request's run and session ids, and the
     * shapes of {@link #RULES} written as what stands for them.
     */
    static String recorded(BackendException failure, TurnRequest request) {
        String text = BackendException.withoutRetriesSaid(java.util.Objects.requireNonNullElse(failure.getMessage(), ""));
        Map<String, String> values = new LinkedHashMap<>(failure.varying());
        // Ids of the run's making, when they are long enough not to be found inside other words.
        if (request.runId() != null && request.runId().length() >= MIN_ID) values.putIfAbsent(request.runId(), "<run id>");
        if (request.sessionId() != null && request.sessionId().length() >= MIN_ID) {
            values.putIfAbsent(request.sessionId(), "<session id>");
        }
        // The longest first: an id holding another (a session id made from the run's) is replaced whole.
        List<Map.Entry<String, String>> longestFirst = new ArrayList<>(values.entrySet());
        longestFirst.removeIf(value -> value.getKey().isBlank());
        longestFirst.sort(Comparator.comparingInt((Map.Entry<String, String> value) -> value.getKey().length()).reversed());
        for (Map.Entry<String, String> value : longestFirst) text = text.replace(value.getKey(), value.getValue());
        for (Rule rule : RULES) text = rule.shape().matcher(text).replaceAll(rule.writtenAs());
        return text;
    }
}
