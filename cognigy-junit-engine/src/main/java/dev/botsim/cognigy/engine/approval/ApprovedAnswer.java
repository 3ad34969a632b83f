package dev.botsim.cognigy.engine.approval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.LoneSurrogates;
import dev.botsim.cognigy.engine.support.Redaction;
import dev.botsim.cognigy.spi.Expectation;

/**
 * One test's approved answer: what the test said when it was approved, and the fields of the bot's answer that the
 * approval holds, normalised so that the same answer is always written and compared the same way: {@code intent},
 * {@code next_flow} and {@code text} as text or {@code null}, {@code entities} as a map sorted by name whose values are
 * text, lists of text (a multi-valued slot) or such maps. Only the approved fields are held, in the order of
 * {@link Expectation#APPROVABLE}.
 *
 * <p>A variant's and a turn's key is its position ({@code test_x[2]}, {@code test_conv#3}): what the test said tells an
 * answer approved for the message now at that place from one approved for a message that was there before.
 *
 * @param said   the test's message when the answer was approved, as names and reports show it (its text, or
 *               {@code data {...}} for a data-only message; half a surrogate pair as U+FFFD, {@link LoneSurrogates});
 *               {@code null} for an entry that does not say (written by hand, or by an earlier version), which is
 *               compared by its key alone
 * @param fields the approved fields by name; a field may be present with a {@code null} value (no intent, no flow)
 */
public record ApprovedAnswer(String said, Map<String, Object> fields) {

    public ApprovedAnswer {
        said = LoneSurrogates.replaced(said);
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String field : Expectation.APPROVABLE) {
            if (fields.containsKey(field)) ordered.put(field, normalise(fields.get(field)));
        }
        fields = Collections.unmodifiableMap(ordered);
    }

    /** An answer that does not say what its test said. */
    public ApprovedAnswer(Map<String, Object> fields) {
        this(null, fields);
    }

    /** The approved fields of an answer to {@code said} ({@link #of(SimulationResult, List)}). */
    public static ApprovedAnswer of(String said, SimulationResult result, List<String> approved) {
        return new ApprovedAnswer(said, of(result, approved).fields());
    }

    /**
     * Whether this answer was approved for another message than {@code said}; never for an entry that does not say. The
     * two are compared in Unicode's composed form (NFC), as the fields are: a data file or approval file saved
     * decomposed says the same message.
     */
    public boolean approvedForAnother(String said) {
        return this.said != null && !ComposedText.of(this.said).equals(ComposedText.of(LoneSurrogates.replaced(said)));
    }

    /**
     * The approved fields of an answer: the first intent, the flow the answer ended in, all its text (turns joined by
     * a line break) and its slots — the values the expectation verifier compares.
     */
    public static ApprovedAnswer of(SimulationResult result, List<String> approved) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : approved) {
            fields.put(field, switch (field) {
                case "intent" -> result.intent();
                case "next_flow" -> result.nextFlow();
                case "text" -> result.text();
                case "entities" -> result.entities();
                default -> throw new IllegalArgumentException("not an approvable field: " + field);
            });
        }
        return new ApprovedAnswer(fields);
    }

    /**
     * One field that differs: its approved and its actual value, {@code approved} absent when it was never recorded; a
     * {@code next_flow} as the run's bot shows it ({@link FlowNames#label}).
     *
     * @param unknownFlow whether the approved {@code next_flow} names none of the bot's flows while the answer's is one
     *                    of them: approved through a backend that names flows otherwise
     */
    public record Difference(String field, boolean recorded, Object approved, Object actual, boolean unknownFlow) {

        public Difference(String field, boolean recorded, Object approved, Object actual) {
            this(field, recorded, approved, actual, false);
        }

        /**
         * {@code intent: approved "check_order", the bot answered "track_order"}; two long texts, such as a paragraph
         * that changed by one word, with a second line saying where they first differ. A value redacted on both sides
         * ({@code cognigy.replay.redact}) is shown by its digest alone: {@code text: the redacted value changed (…)},
         * {@code entities: the redacted value of EMAIL changed; …}.
         */
        public String describe() {
            if (recorded && Redaction.isDigest(approved) && Redaction.isDigest(actual)) {
                return field + ": the redacted value changed (approved " + shown(approved) + ", the bot answered "
                        + shown(actual) + ")";
            }
            List<String> redacted = recorded ? redactedSlotsChanged(approved, actual) : List.of();
            return field + ": " + (redacted.isEmpty() ? "" : "the redacted value" + (redacted.size() == 1 ? " of " : "s of ")
                    + String.join(", ", redacted) + " changed; ")
                    + (recorded ? "approved " + shown(approved) : "not in the approved answer yet")
                    + (unknownFlow ? " (no flow of the bot has this name or id on this backend: approved through another"
                    + " backend, which names flows otherwise?)" : "")
                    + ", the bot answered " + shown(actual)
                    + (recorded && approved instanceof String then && actual instanceof String now
                    ? FirstDifference.of(then, now).map(d -> "\n  first difference at character " + d.at() + ": approved "
                    + shown(d.approved()) + ", the bot answered " + shown(d.answered())).orElse("") : "");
        }

        /** The slots whose values are digests on both sides, and differ. */
        private static List<String> redactedSlotsChanged(Object approved, Object actual) {
            if (!(approved instanceof Map<?, ?> then) || !(actual instanceof Map<?, ?> now)) return List.of();
            List<String> names = new ArrayList<>();
            then.forEach((name, value) -> {
                if (Redaction.isDigest(value) && Redaction.isDigest(now.get(name)) && !value.equals(now.get(name))) {
                    names.add(String.valueOf(name));
                }
            });
            return names;
        }
    }

    /** The fields of {@code approved} where {@code actual} differs from this approved answer, in field order. */
    public List<Difference> differences(ApprovedAnswer actual, List<String> approved) {
        return differences(actual, approved, FlowNames.AS_WRITTEN);
    }

    /**
     * The same, {@code next_flow} compared through {@code flows}: the approved flow and the answer's are the same when
     * the run's bot knows both names as one flow, and a differing one is shown by its label.
     */
    public List<Difference> differences(ApprovedAnswer actual, List<String> approved, FlowNames flows) {
        List<Difference> differences = new ArrayList<>();
        for (String field : Expectation.APPROVABLE) {
            if (!approved.contains(field)) continue;
            Object now = actual.fields.get(field);
            Object then = fields.get(field);
            boolean flow = field.equals("next_flow");
            if (!fields.containsKey(field)) {
                differences.add(new Difference(field, false, null, flow ? label(flows, now) : now));
            } else if (flow ? !flows.same((String) then, (String) now) : !Objects.equals(then, now)) {
                boolean unknown = flow && then != null && now != null && flows.flow((String) then).isEmpty()
                        && flows.flow((String) now).isPresent();
                differences.add(new Difference(field, true, flow ? label(flows, then) : then, flow ? label(flows, now) : now,
                        unknown));
            }
        }
        return differences;
    }

    /** The answer as lines {@code field: value}, for the expected and actual sides of a failure's diff. */
    public String view(List<String> approved) {
        return view(approved, FlowNames.AS_WRITTEN);
    }

    /** The same, {@code next_flow} shown by its label. */
    public String view(List<String> approved, FlowNames flows) {
        List<String> lines = new ArrayList<>();
        for (String field : Expectation.APPROVABLE) {
            if (!approved.contains(field)) continue;
            Object value = field.equals("next_flow") ? label(flows, fields.get(field)) : fields.get(field);
            lines.add(field + ": " + (fields.containsKey(field) ? shown(value) : "(none)"));
        }
        return String.join("\n", lines);
    }

    private static Object label(FlowNames flows, Object flow) {
        return flow == null ? null : flows.label((String) flow);
    }

    /**
     * A value as a failure message quotes it, on one line: a text in quotes, a line break in it as {@code \\n}, other
     * controls (a terminal's escape sequences, a carriage return) and the characters that print as nothing or as a
     * space as {@link ConsoleText#visible} writes them, so that a bot's answer cannot start a line of its own and two
     * answers that print alike show how they differ; entities likewise.
     */
    static String shown(Object value) {
        if (value == null) return "null";
        if (value instanceof String text) return '"' + ConsoleText.visible(text.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
        return ConsoleText.visible(String.valueOf(value));
    }

    /**
     * Text, lists and maps sorted by key, as YAML writes and reads them back; everything else as its text. Texts are in
     * Unicode's composed form (NFC), as expectations hold theirs: an approval file holding "u" followed by U+0308 (saved
     * so, or recorded from a bot writing so) approves the answer "ü", and the other way round. Half of a surrogate pair
     * standing alone (an answer cut inside an emoji) is U+FFFD ({@link LoneSurrogates}): no file holds it as it is, so
     * the approved answer and the bot's hold U+FFFD alike.
     */
    static Object normalise(Object value) {
        if (value == null) return null;
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(ComposedText.of(LoneSurrogates.replaced(String.valueOf(k))), normalise(v)));
            return Collections.unmodifiableMap(sorted);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(normalise(item)));
            return Collections.unmodifiableList(items);
        }
        return ComposedText.of(LoneSurrogates.replaced(String.valueOf(value)));
    }
}
