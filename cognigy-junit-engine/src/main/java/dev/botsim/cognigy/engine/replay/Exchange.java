package dev.botsim.cognigy.engine.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.ReplayedNoAnswerException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.support.CassetteTurn;
import dev.botsim.cognigy.engine.support.SortedJson;

/**
 * One recorded message and the bot's answer: a cassette's entry. Only what decides the answer and what a test checks
 * is kept, in a fixed key order, so a re-recording of an unchanged bot is no diff and a changed answer is a small
 * one: no ids, session ids, users, timestamps or retries.
 *
 * @param test    the test's unique id without the engine's segment ({@code [file:orders.sim.yaml]/[case:test_order]})
 * @param turn    the test's turn, from 1
 * @param request the request as sent: {@code text}, {@code data}, {@code platform}, and when set {@code locale},
 *                {@code inject_context}, {@code mode}
 * @param answer  the normalised answer: {@code status}, {@code failure} when set, {@code turns}; or, for a message the
 *                bot gave no answer to (an error, a timeout), {@code unanswered} alone: the {@code kind} and
 *                {@code message} of what the recording run failed with ({@link #unanswered(BackendException, TurnRequest)})
 * @param line    where the entry starts in its cassette, 0 for one not read from a file
 */
record Exchange(String test, int turn, Map<String, Object> request, Map<String, Object> answer, int line) {

    /** The answer's key for a message the bot gave no answer to. */
    static final String UNANSWERED = "unanswered";

    /**
     * The key of a request's test in a cassette: its unique id's segments after the engine's, written as read
     * ({@code [file:e2e/orders.sim.yaml]}, where the unique id encodes the slash), so a reviewer reads paths as paths. A
     * data file's test is keyed from its file's segment on, as its cassette is chosen ({@link Cassettes#fileOf}): the
     * {@code @BotSimulation} class that named the file is left out, so a build running the file through its class, an
     * IDE running the file and a suite selecting its folder record and replay the same entries.
     */
    static String testKey(String uniqueId) {
        List<org.junit.platform.engine.UniqueId.Segment> segments = org.junit.platform.engine.UniqueId.parse(uniqueId).getSegments();
        int from = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).getType().equals("file")) from = i;
        }
        return segments.subList(from, segments.size()).stream()
                .filter(segment -> !segment.getType().equals("engine"))
                .map(segment -> "[" + segment.getType() + ":" + segment.getValue() + "]")
                .collect(java.util.stream.Collectors.joining("/"));
    }

    /**
     * A cassette entry's test as {@link #testKey} keys it now: earlier versions keyed a data file's test named by a
     * {@code @BotSimulation} class from the class on ({@code [class:...]/[file:...]/...}), so such an entry is read from its
     * file's segment on, and cassettes recorded through a class before still replay.
     */
    static String storedKey(String test) {
        int file = test.indexOf("/[file:");
        return test.startsWith("[class:") && file > 0 ? test.substring(file + 1) : test;
    }

    /** A request as a cassette holds it. */
    static Map<String, Object> request(TurnRequest request) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", request.text());
        out.put("data", SortedJson.sorted(request.data()));
        out.put("platform", request.platform());
        if (request.locale() != null) out.put("locale", request.locale());
        if (!request.injectContext().isEmpty()) out.put("inject_context", SortedJson.sorted(request.injectContext()));
        if (request.mode() != Mode.FLOW) out.put("mode", request.mode().name().toLowerCase(java.util.Locale.ROOT));
        return out;
    }

    /** An answer as a cassette holds it. */
    static Map<String, Object> answer(TurnResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", result.status());
        if (result.failure() != null) out.put("failure", result.failure());
        List<Object> turns = new ArrayList<>();
        // Outputs the backend did not say (its text's lines taken for them) are recorded without their texts, as they were
        // unknown: replayed, Botium's whole-output checks then judge them as the live run did (outputsUnknown).
        for (BotTurn turn : result.turns()) {
            Map<String, Object> recorded = CassetteTurn.of(turn, result.outputsUnknown());
            // An index below 0 is no turn's, and a replay refuses it: written so (a server's index copied as it came), the
            // entry would leave its test without a recording. It is written as the turn's place, as a turn without an
            // index is numbered, rather than the recording refused: the answer is sound, and no check judges the index.
            if (turn.turnIndex() < 0) recorded.put("index", turns.size());
            turns.add(recorded);
        }
        out.put("turns", turns);
        // What the backend said of the turns' flow, for a failing next_flow: a replay says it as the live answer did.
        if (result.flowCaveat() != null) out.put("flow_caveat", result.flowCaveat());
        return out;
    }

    /**
     * The answer a cassette holds for a message the bot gave no answer to: what the recording run failed with, so that
     * a replay fails the message as the recording run did (a repeated test's run counts as one that got no answer, as
     * it counted then) rather than finding no recording at all, and an entry never recorded is still told from it. The
     * message is the one a reader needs, without what held for that run only ({@link FailureText}): the bot failing as
     * before is recorded as the same bytes.
     */
    static Map<String, Object> unanswered(BackendException failure, TurnRequest request) {
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("kind", failure.kind().name().toLowerCase(Locale.ROOT));
        why.put("message", FailureText.recorded(failure, request));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(UNANSWERED, why);
        return out;
    }

    /** An answer recorded as {@link #unanswered}, its failure's message {@code masked}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> unansweredSaying(Map<String, Object> answer, java.util.function.UnaryOperator<String> masked) {
        Map<String, Object> why = new LinkedHashMap<>((Map<String, Object>) answer.get(UNANSWERED));
        if (why.get("message") instanceof String message) why.put("message", masked.apply(message));
        Map<String, Object> out = new LinkedHashMap<>(answer);
        out.put(UNANSWERED, why);
        return out;
    }

    /** Whether the bot gave no answer to this message when it was recorded. */
    boolean unanswered() {
        return answer.containsKey(UNANSWERED);
    }

    /**
     * What a replay of a message recorded as unanswered fails with: the failure of the recording run, of its kind (a
     * timeout stays a timeout), saying that it was recorded so.
     */
    ReplayedNoAnswerException noAnswer() {
        Map<String, Object> why = map(answer.get(UNANSWERED), "answer.unanswered");
        String kind = text(why.get("kind"), "answer.unanswered.kind");
        BackendException.Kind which = java.util.Arrays.stream(BackendException.Kind.values())
                .filter(k -> k.name().toLowerCase(Locale.ROOT).equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("answer.unanswered.kind " + shown(kind) + " is none of "
                        + java.util.Arrays.stream(BackendException.Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT))
                        .collect(java.util.stream.Collectors.joining(", "))));
        if (which.ofTheRunsSetup()) {
            // Recorded so by an earlier version: replayed, it would fail the test for a reason that held for that run only.
            throw new IllegalArgumentException("answer.unanswered.kind " + shown(kind) + " is the recording run's own setup failing"
                    + " (its credentials, a permission, its configuration), not the bot leaving the message unanswered, so it"
                    + " says nothing of the bot and is not replayed");
        }
        return new ReplayedNoAnswerException(which, text(why.get("message"), "answer.unanswered.message")
                + " (replayed: the bot gave this message no answer when it was recorded; cognigy.replay=record or auto asks"
                + " it again)");
    }

    /** The recorded answer, as the backend gave it, for a request in session {@code sessionId}. */
    TurnResult replayed(TurnRequest request) {
        List<BotTurn> turns = new ArrayList<>();
        boolean outputsUnknown = false;
        for (Object one : list(answer.get("turns"), "answer.turns")) {
            Map<String, Object> turn = map(one, "answer.turns[]");
            turns.add(botTurn(turn));
            outputsUnknown |= outputsUnknown(turn);
        }
        return new TurnResult("replayed-" + request.idempotencyKey(), request.sessionId(), status(answer.get("status")), turns,
                (String) answer.get("failure"), List.of(), 0, true, answer.get("flow_caveat") instanceof String caveat ? caveat : null,
                outputsUnknown);
    }

    /**
     * Whether a recorded turn says its text but not what its outputs were: a text of several lines without
     * {@code output_texts}, which {@link CassetteTurn} writes for every such text, was recorded before the outputs' texts
     * were, when two of its lines may have been one output. A text of one line is one output either way.
     */
    private static boolean outputsUnknown(Map<String, Object> turn) {
        return turn.get("output_texts") == null && turn.get("text") instanceof String text && text.contains("\n");
    }

    /** Checks that the answer can be replayed (or, recorded as unanswered, failed again), naming the first thing that cannot. */
    void validate() {
        if (!unanswered()) {
            replayed(new TurnRequest(null, null, turn, null, null, null, null, null, null, null, null));
            return;
        }
        if (answer.size() > 1) throw new IllegalArgumentException("answer holds 'unanswered' beside an answer");
        noAnswer();
    }

    /**
     * The answer's status, one the engine records: a value of a hand edit or a damaged file ({@code "complete"},
     * {@code "passed"}) read as it stands would replay an answer nobody recorded — a step read as neither completed nor
     * failed. Every release recorded these two only, so no cassette of an earlier one is refused.
     */
    private static String status(Object value) {
        String status = text(value, "answer.status");
        if (STATUSES.contains(status)) return status;
        throw new IllegalArgumentException("answer.status " + shown(status) + " is none the engine records (" + String.join(", ",
                STATUSES) + ")");
    }

    /** The statuses a recorded answer has: those a backend's answer ends with. */
    static final List<String> STATUSES = List.of("completed", "failed");

    /**
     * A value read from a cassette, as every problem naming one names it (an answer's {@code status}, an unanswered
     * entry's {@code kind}): quoted when it is a short word, else only its length, as what a damaged file holds there may
     * be any of its text, a secret among it, and problems are printed as they are.
     */
    private static String shown(String value) {
        return value.matches("[A-Za-z0-9_ -]{1,24}") ? "'" + value + "'" : "(a text of " + value.length() + " characters)";
    }

    private static BotTurn botTurn(Map<String, Object> turn) {
        // Absent or null, a score is none (a backend that reports none); of another type, a hand edit gone wrong ("0.93"
        // quoted), which replayed as an answer without a score would fail intent_min_score saying the bot gave none.
        Object score = number(turn.get("score"), "answer.turns[].score");
        // A number beyond a double's range (1e400, an integer of 400 digits) reads as infinity: replayed, it would pass
        // every intent_min_score and stand in every report as a score no bot gave.
        if (score instanceof Number n && !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("answer.turns[].score is not a finite number");
        }
        // Cognigy's NLU scores an intent between 0 and 1, and a live answer outside that is refused (IntentScores): an
        // edited 7 replayed would pass every intent_min_score, a -3 fail every one, for a score no bot gave.
        if (score instanceof Number n && (n.doubleValue() < 0 || n.doubleValue() > 1)) {
            throw new IllegalArgumentException("answer.turns[].score is outside 0 to 1, where Cognigy's NLU scores an intent");
        }
        Object index = number(turn.get("index"), "answer.turns[].index");
        // A number no int holds (1e30) or with a fraction would be replayed as another turn's index, clamped or cut; one
        // below 0 is no turn's (a turn counts from 0), however it came there (a hand edit, a server's index copied as given).
        if (index instanceof Number n && (n.doubleValue() < 0 || !(n instanceof Integer)
                && (n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() > Integer.MAX_VALUE))) {
            throw new IllegalArgumentException("answer.turns[].index is not a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return new BotTurn(index instanceof Number n ? n.intValue() : 0, (String) turn.get("flow"), (String) turn.get("intent"),
                score instanceof Number n ? n.doubleValue() : Double.NaN, slots(turn.get("slots")), (String) turn.get("text"),
                (String) turn.get("error_code"), (String) turn.get("error_message"), (String) turn.get("flow_reference_id"),
                botChoices(turn.get("quick_replies")), botChoices(turn.get("buttons")), botChoices(turn.get("card_buttons")),
                outputs(turn.get("outputs")), outputTexts(turn.get("output_texts")));
    }

    /**
     * The outputs' own texts, as {@link CassetteTurn} writes them for a text of several lines or outputs that are not its
     * lines; {@code null} when the entry holds none — a text of one line, or recorded by a version that did not record
     * them (or wrote them only where they were not the text's lines) —, which takes the text's lines for the outputs, as
     * that version did.
     */
    private static List<String> outputTexts(Object texts) {
        if (texts == null) return null;
        List<String> out = new ArrayList<>();
        for (Object one : list(texts, "output_texts")) out.add(text(one, "output_texts[]"));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> slots(Object slots) {
        if (slots == null) return Map.of();
        // A slot's value is a text, number, boolean or list: JSON nulls are not values a bot reports.
        Map<String, Object> out = new TreeMap<>();
        map(slots, "slots").forEach((k, v) -> { if (v != null) out.put(k, v); });
        return out;
    }

    private static List<BotChoice> botChoices(Object choices) {
        if (choices == null) return List.of();
        List<BotChoice> out = new ArrayList<>();
        for (Object one : list(choices, "choices")) {
            Map<String, Object> choice = map(one, "choice");
            out.add(new BotChoice(text(choice.get("title"), "choice.title"), (String) choice.get("payload"), (String) choice.get("type")));
        }
        return out;
    }

    private static List<Map<String, Object>> outputs(Object outputs) {
        if (outputs == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object one : list(outputs, "outputs")) out.add(map(one, "outputs[]"));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(what + " is not an object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String what) {
        if (value instanceof List<?> l) return (List<Object>) l;
        throw new IllegalArgumentException(what + " is not a list");
    }

    /** {@code value} when it is a number or none ({@code null}); otherwise refused, naming {@code what}. */
    private static Object number(Object value, String what) {
        if (value == null || value instanceof Number) return value;
        throw new IllegalArgumentException(what + " is not a number");
    }

    private static String text(Object value, String what) {
        if (value instanceof String s) return s;
        throw new IllegalArgumentException(what + " is not a text");
    }

    /**
     * This entry with every secret of {@code forms} masked in each text and key of its request and answer, as the JSON
     * reads them ({@link dev.botsim.cognigy.engine.config.Secrets#mask(String, List)}): a live answer is masked before it
     * is parsed, and a recorded one must not carry a secret into messages, reports or a cassette written anew because it
     * was recorded by an earlier version, edited by hand, or written escaped where masking the file's text misses it.
     */
    Exchange masked(List<String> forms) {
        if (forms.isEmpty()) return this;
        return new Exchange(test, turn, maskedMap(request, forms), maskedMap(answer, forms), line);
    }

    /** {@code map}, a request or answer, with every secret of {@code forms} masked as {@link #masked(List)} masks an entry's. */
    static Map<String, Object> masked(Map<String, Object> map, List<String> forms) {
        return forms.isEmpty() ? map : maskedMap(map, forms);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> maskedMap(Map<String, Object> map, List<String> forms) {
        return (Map<String, Object>) maskedValue(map, forms);
    }

    private static Object maskedValue(Object value, List<String> forms) {
        if (value instanceof String text) return dev.botsim.cognigy.engine.config.Secrets.mask(text, forms);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(dev.botsim.cognigy.engine.config.Secrets.mask(String.valueOf(k), forms),
                    maskedValue(v, forms)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(maskedValue(item, forms)));
            return out;
        }
        return value;
    }

    /** The entry as its cassette writes it, in this key order. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("test", test);
        out.put("turn", turn);
        out.put("request", request);
        out.put("answer", answer);
        return out;
    }
}
