package dev.botsim.cognigy.engine.support;

/**
 * How a failure of a test's declared expectation begins. The reports know by it that a failure is the declared
 * expectation's, which they show field by field as expected against actual; any other failure (a test method's own
 * assertion, a turn of a conversation whose expectations the record does not hold) is shown by its message.
 */
public final class ExpectationFailureText {

    /** The words a failed declared expectation's message starts with, after the test's place and id. */
    public static final String DIFFERS = "bot answer differs from the expectation for ";

    /**
     * How the backend's word on a failing {@code next_flow} begins when the turn's flow is the flow a Code node placed
     * once runs in ({@code cognigy.endpoint.code-node=shared}): one line of the message, after the fields that differ.
     */
    public static final String SHARED_FLOW_CAVEAT = "flowName, the flow the Code node runs in, ";

    /**
     * How the backend's word on a failing {@code next_flow} begins when the Code node reported the turn's flow only as
     * {@code intentFlow}, a reference id, and no {@code flowName} names it: one line of the message, as
     * {@link #SHARED_FLOW_CAVEAT}'s.
     */
    public static final String REFERENCE_ONLY_CAVEAT = "The Code node reported the turn's flow only by its reference id ";

    /**
     * What a later turn of a repeated conversation's run says when an earlier turn of that run failed, before quoting that
     * turn's failure: {@code turn 1 "hi" failed in this run, so this turn was not sent: bot answer differs …}. The fields
     * quoted after it are the earlier turn's, not this one's.
     */
    public static final String NOT_SENT_AFTER_FAILED_TURN = " failed in this run, so this turn was not sent: ";

    /** What follows the quoted message on the first line: the fields that differ, as a data file names them. */
    private static final String IN = "\" in ";

    private ExpectationFailureText() {
    }

    /**
     * The first line of a failed declared expectation's message: {@code bot answer differs from the expectation for
     * "hi" in intent, next_flow}. Maven's and Gradle's summaries, a listener posting each failure's first line and a CI's
     * test view show this line alone, so it names every field that differs, as a data file's {@code expect} names them
     * ({@code entities.order_id} for a slot), each field once. What the test said is quoted as the message quotes the
     * bot's answers: on one line, its invisible characters {@link ConsoleText#visible visible}, and at most
     * {@link Excerpt#QUOTED} characters of it ({@code … (2000 characters)}), so a long utterance does not make the one
     * line the summaries show thirty lines long; the transcript below the line has it whole.
     *
     * @param said   what the test said, as it was sent
     * @param fields the fields that differ, in the order they were checked, each on one line
     */
    public static String firstLine(String said, java.util.List<String> fields) {
        return DIFFERS + "\"" + ConsoleText.visible(Excerpt.of(said, Excerpt.QUOTED)) + IN + String.join(", ", fields);
    }

    /**
     * The fields a failed declared expectation's message names on its first line ({@link #firstLine}); empty for any
     * other message. Read from the end of the line, after the quoted message, whatever the message itself holds. A
     * repeated test's message has a line per failed run: the first that is this test's own failure counts — not a line
     * quoting an earlier turn's failure in a run that never sent this turn ({@link #NOT_SENT_AFTER_FAILED_TURN}), whose
     * fields are that turn's.
     */
    public static java.util.List<String> differingFields(String message) {
        if (!isExpectationFailure(message)) return java.util.List.of();
        for (int at = message.indexOf(DIFFERS); at >= 0; at = message.indexOf(DIFFERS, at + DIFFERS.length())) {
            int lineStart = message.lastIndexOf('\n', at) + 1;
            if (message.substring(lineStart, at).contains(NOT_SENT_AFTER_FAILED_TURN)) continue;
            String line = message.substring(at).lines().findFirst().orElse("");
            int in = line.lastIndexOf(IN);
            if (in < DIFFERS.length()) return java.util.List.of();
            return java.util.List.of(line.substring(in + IN.length()).split(", "));
        }
        return java.util.List.of();
    }

    /** Whether the message is that of a failed declared expectation. */
    public static boolean isExpectationFailure(String message) {
        return message != null && message.contains(DIFFERS);
    }

    /**
     * What a failed declared expectation's message says after its transcript: the engine's word on why the answer
     * cannot pass as it is (a REST Endpoint's flow reporting no NLU data and the Code node to add, an intent the bot does
     * not list, a name the bot does not know), which no field of the expectation shows; {@code null} when it says
     * nothing more. The transcript is the message's {@code user: "…"} line and the {@code bot …} lines after it.
     */
    public static String notes(String message) {
        if (!isExpectationFailure(message)) return null;
        java.util.List<String> lines = message.lines().toList();
        int at = 1;
        while (at < lines.size() && !lines.get(at).startsWith(SAID)) at++;
        if (at == lines.size()) return null;
        at++;
        while (at < lines.size() && lines.get(at).startsWith(BOT)) at++;
        String notes = String.join("\n", lines.subList(at, lines.size())).strip();
        return notes.isEmpty() ? null : notes;
    }

    /** How a transcript's line of what the test said begins. */
    private static final String SAID = "user: \"";

    /** How a transcript's line of a turn of the bot's begins. */
    private static final String BOT = "bot ";

    /**
     * The line of a failed expectation's message that says why its flow may not be the turn's ({@link #SHARED_FLOW_CAVEAT},
     * {@link #REFERENCE_ONLY_CAVEAT}),
     * which no field of the expectation shows; {@code null} when it has none.
     */
    public static String flowCaveat(String message) {
        if (!isExpectationFailure(message)) return null;
        return message.lines().map(String::strip).filter(line -> line.startsWith(SHARED_FLOW_CAVEAT)
                || line.startsWith(REFERENCE_ONLY_CAVEAT)).findFirst().orElse(null);
    }
}
