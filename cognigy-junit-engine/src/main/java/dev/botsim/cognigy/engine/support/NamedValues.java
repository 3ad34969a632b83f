package dev.botsim.cognigy.engine.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The values {@code cognigy.replay.redact} names in a run's results, found by the one rule cassettes and approval files
 * follow ({@link Redaction}), and texts with each of them written as its digest ({@code <redacted sha256:…>}): for what
 * leaves this machine — the webhook's payload, the GitHub Actions job summary and annotations — whose texts (a test's
 * name, its failure's message, what the bot said) quote the values the rule names in the structures.
 *
 * <p>Each record is seen as the cassette entries of its messages: a test's utterance and the data it was sent with
 * ({@link SimulationRecord#data()}; a data-only message is its data) and the bot's turns answering it
 * ({@code /request/text}, {@code /request/data/iban}, {@code /answer/turns/0/slots/email}); a {@code @Conversation}
 * method's messages each with their own data and turns. A slot name names that key of a message's data too, as it does
 * in a cassette's request. What the test expected of them is named as what it expects: a named
 * slot's expected value, and the expected intent, {@code not_intent} and {@code next_flow} where a pointer names a turn's
 * intent or flow (at whichever turn, as approval files join the turns). A repeated test's other answers are named as its
 * answer is. Every value named anywhere in the run is replaced in every text: a value one test's bot filled a slot with
 * stays out of another test's utterance too. A value of fewer than {@value #ANYWHERE} characters is replaced only where it
 * stands as a word of its own, so a slot holding {@code 42} leaves {@code 420} and {@code 42x} as they are. A text cut to
 * its beginning ({@link Excerpt}: {@code … (400 characters)}) that ends inside a named value has that beginning of it
 * replaced too.
 *
 * <p>A value reaches a text only as it was written there: the bot saying an IBAN with spaces, or in other case, is
 * another text. A record made without the data its message was sent with (a listener's own, one of a split run's part
 * written before records held it) names a data-only message's data as its utterance shows it, and a text message's none.
 */
public final class NamedValues {

    /** A run whose configuration names nothing: every text stays as it is. */
    public static final NamedValues NONE = new NamedValues(Map.of());

    /** Values at least this long are replaced wherever they appear; shorter ones only as a word of their own. */
    static final int ANYWHERE = 8;

    /** The beginning of a named value a cut text ends in is replaced from this many characters on. */
    private static final int CUT_LEAST = 4;

    private static final String DIGEST_START = "<redacted sha256:";
    private static final Pattern DIGEST = Pattern.compile("<redacted sha256:[0-9a-f]{16}>");
    private static final Pattern CUT = Pattern.compile("… \\(\\d+ characters\\)");
    private static final String DATA = "data ";

    /**
     * Each form a text may hold a value in, in {@link String#compareTo} order: the forms beginning with what a text holds
     * from a place on are a range of it, narrowed a character at a time. A trie of a node per character held some 5 KiB a
     * value: a run of 50,000 tests each naming an e-mail address of its own built 244 MiB of it at its end.
     */
    private final String[] forms;
    /** The digest of the value each of {@link #forms} is a form of. */
    private final String[] digests;
    /** Each of {@link #forms}' length in characters as a reader counts them (code points). */
    private final int[] lengths;
    /** Each of {@link #forms}' place in the order the forms were named in: the first named of a range is what a cut text began to say. */
    private final int[] named;
    /** A tree over {@link #forms} giving, for a range of them, the one named first ({@link #firstNamed}). */
    private final int[] firstNamed;
    /** The longest form's length, in chars. */
    private final int longest;

    private NamedValues(Map<String, String> named) {
        Map<String, String> forms = new LinkedHashMap<>();
        named.forEach((value, digest) -> {
            forms.putIfAbsent(value, digest);
            forms.putIfAbsent(ConsoleText.oneLine(value), digest);
            forms.putIfAbsent(ConsoleText.visible(value), digest);
            // As a JSON string holds it: a data-only message's label and a response_data failure quote data as JSON.
            StringBuilder json = new StringBuilder();
            JsonStringEncoder.getInstance().quoteAsString(value, json);
            forms.putIfAbsent(json.toString(), digest);
            // As a Botium check's failure quotes a text (BotiumText): whole, and, for its outputs a line each, each line so.
            String botium = BotiumText.normalized(value);
            if (!botium.isEmpty()) forms.putIfAbsent(botium, digest);
            if (value.indexOf('\n') >= 0) {
                String lines = Arrays.stream(value.split("\n", -1)).map(BotiumText::normalized)
                        .collect(Collectors.joining("\n"));
                if (!lines.isBlank()) forms.putIfAbsent(lines, digest);
            }
            // As a failure reads an SSML answer aloud, "(SSML, read as spoken: …)": a named text whole, in its spoken words too.
            if (SpokenText.holdsSpeech(value)) {
                String spoken = SpokenText.of(value);
                if (!spoken.isBlank()) forms.putIfAbsent(spoken, digest);
            } else {
                // As a failure shows a chat answer's HTML, "(HTML, as a chat shows it: …)", its no-break spaces made visible.
                String shown = ShownText.of(value);
                if (!shown.equals(value) && !shown.isBlank()) {
                    forms.putIfAbsent(shown, digest);
                    forms.putIfAbsent(ConsoleText.visible(shown), digest);
                }
            }
        });
        int n = forms.size();
        String[] inOrder = forms.keySet().toArray(new String[0]);
        Integer[] sorted = new Integer[n];
        for (int i = 0; i < n; i++) sorted[i] = i;
        Arrays.sort(sorted, (a, b) -> inOrder[a].compareTo(inOrder[b]));
        this.forms = new String[n];
        this.digests = new String[n];
        this.lengths = new int[n];
        this.named = new int[n];
        for (int k = 0; k < n; k++) {
            String form = inOrder[sorted[k]];
            this.forms[k] = form;
            this.digests[k] = forms.get(form);
            this.lengths[k] = form.codePointCount(0, form.length());
            this.named[k] = sorted[k];
        }
        this.firstNamed = new int[2 * n];
        for (int k = 0; k < n; k++) firstNamed[n + k] = k;
        for (int i = n - 1; i > 0; i--) firstNamed[i] = earlier(firstNamed[2 * i], firstNamed[2 * i + 1]);
        this.longest = Arrays.stream(this.forms).mapToInt(String::length).max().orElse(0);
    }

    /** The values {@code targets} ({@code cognigy.replay.redact}) name in {@code records}. */
    public static NamedValues of(List<String> targets, Collection<SimulationRecord> records) {
        if (targets.isEmpty()) return NONE;
        Redaction redaction = new Redaction(targets);
        Redaction expected = new Redaction(atFirstTurn(targets));
        Map<String, String> named = new LinkedHashMap<>();
        for (SimulationRecord r : records) {
            for (Map<String, Object> entry : entries(r)) named.putAll(absent(named, redaction.named(entry)));
            for (Map<String, Object> entry : expected(r.expected())) named.putAll(absent(named, expected.named(entry)));
            for (Map<String, Object> entry : repeated(r.repetitions())) named.putAll(absent(named, expected.named(entry)));
        }
        return of(named);
    }

    /**
     * Values and their digests as {@link Redaction#named} finds them: a run's, or one cassette entry's, for the texts the
     * entry holds beside them (the failure a message the bot gave no answer to was recorded with, which may quote it).
     */
    public static NamedValues of(Map<String, String> named) {
        return named.isEmpty() ? NONE : new NamedValues(named);
    }

    /**
     * Values named one after another, a few at a time (a run's cassettes as it reads them, each test's message as it is
     * sent), every text written as {@link #of(Map)} of all the values named so far, in that order, would write it. Its
     * lookup is made of parts, each of values named in turn: values named since the last text make a part, merged with
     * the part before it while that is no larger, so each value is looked up anew some log₂ n times in a run naming n,
     * not once for every text written after a value was named. Not thread-safe.
     */
    public static final class Growing {
        /** Every value named, with the digest it was first named with. */
        private final Map<String, String> named = new LinkedHashMap<>();
        /** The values of each part, in the order named, and the part made of them ({@code null} until a text needs it). */
        private final List<Map<String, String>> values = new ArrayList<>();
        private final List<NamedValues> parts = new ArrayList<>();
        /** How many values the parts were made of, counted each time one was made. */
        private long made;

        /** Notes {@code more}, values and their digests; a value named before keeps the digest it was named with. */
        public void add(Map<String, String> more) {
            more.forEach((value, digest) -> {
                if (named.putIfAbsent(value, digest) != null) return;
                if (values.isEmpty() || parts.get(parts.size() - 1) != null) {
                    values.add(new LinkedHashMap<>());
                    parts.add(null);
                }
                values.get(values.size() - 1).put(value, digest);
            });
        }

        /** {@code text} with every value named so far as its digest; {@code null} stays {@code null}. */
        public String in(String text) {
            int last = parts.size() - 1;
            if (last >= 0 && parts.get(last) == null) {
                // A part no larger than the one before is merged into it: the parts' sizes halve at least, one to the next.
                while (last > 0 && values.get(last).size() >= values.get(last - 1).size()) {
                    values.get(last - 1).putAll(values.remove(last));
                    parts.remove(last--);
                }
                parts.set(last, of(values.get(last)));
                made += values.get(last).size();
            }
            return NamedValues.in(parts.toArray(new NamedValues[0]), text);
        }

        /** How many values its lookup's parts were made of, each counted every time a part holding it was made. */
        public long made() {
            return made;
        }
    }

    /** Whether no value is named: every text stays as it is. */
    public boolean none() {
        return forms.length == 0;
    }

    /**
     * How many entries the lookup holds: one per form of a named value, whatever its length. A run's end builds this for
     * every value a large suite names, and a node per character of each was hundreds of MiB.
     */
    int held() {
        return forms.length;
    }

    /** {@code text} with every named value in it as its digest; {@code null} stays {@code null}. */
    public String in(String text) {
        return in(new NamedValues[] {this}, text);
    }

    /**
     * {@code text} with every value of {@code parts} as its digest, as one lookup of all their values (each part's named
     * after the one before it) would write it: of forms found at one place, the longest, and of two parts holding one form,
     * the earlier's (the value named first gives a form its digest).
     */
    private static String in(NamedValues[] parts, String text) {
        if (text == null || Arrays.stream(parts).allMatch(NamedValues::none)) return text;
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(DIGEST_START, i)) {
                Matcher digest = DIGEST.matcher(text).region(i, text.length());
                if (digest.lookingAt()) {
                    // A digest already there (an approval's failure names two) is kept whole, whatever value it holds.
                    out.append(text, i, digest.end());
                    i = digest.end();
                    continue;
                }
            }
            Found found = longestAt(parts, text, i);
            if (found == null) {
                out.append(text.charAt(i++));
                continue;
            }
            // Values that overlap or stand side by side (Anna-Maria, Maria Schmidt in "Anna-Maria Schmidt") are one run,
            // written as each one's digest in turn: replacing the first alone would leave the rest of the other in the clear.
            int end = found.end();
            out.append(found.digest());
            for (int k = i + 1; k <= end && k < text.length(); k++) {
                Found inside = longestAt(parts, text, k);
                if (inside != null && inside.end() > end) {
                    end = inside.end();
                    if (!inside.digest().equals(found.digest())) out.append(inside.digest());
                    found = inside;
                }
            }
            i = end;
        }
        return cutValues(parts, out.toString());
    }

    /** A form found in a text: where it ends, and the digest it is written as. */
    private record Found(int end, String digest) {
    }

    /**
     * Of the forms of {@code parts} that begin at {@code i} and stand there, the longest; of one form two parts hold,
     * the earlier part's. {@code null} when none does.
     */
    private static Found longestAt(NamedValues[] parts, String text, int i) {
        Found found = null;
        for (NamedValues part : parts) {
            long at = part.longestAt(text, i);
            if (at >= 0 && (found == null || (int) (at >>> 32) > found.end())) found = new Found((int) (at >>> 32), part.digests[(int) at]);
        }
        return found;
    }

    /**
     * The longest form that begins at {@code i} and stands there ({@link #standsAlone}): where it ends, shifted left 32
     * bits, and its place in {@link #forms}; -1 when none does.
     */
    private long longestAt(String text, int i) {
        long found = -1;
        // The forms beginning with the text from i to j; the one that ends at j, if any, comes first in them.
        int lo = 0;
        int hi = forms.length;
        for (int j = i; j < text.length() && lo < hi; j++) {
            long range = narrowed(lo, hi, j - i, text.charAt(j));
            lo = (int) (range >>> 32);
            hi = (int) range;
            if (lo < hi && forms[lo].length() == j + 1 - i && standsAlone(text, i, j + 1, lengths[lo])) {
                found = ((long) (j + 1) << 32) | lo;
            }
        }
        return found;
    }

    /** Whether a value of {@code length} characters found at {@code from}..{@code to} is replaced there. */
    private static boolean standsAlone(String text, int from, int to, int length) {
        if (length >= ANYWHERE) return true;
        boolean startsApart = from == 0 || !Character.isLetterOrDigit(text.codePointBefore(from))
                || !Character.isLetterOrDigit(text.codePointAt(from));
        boolean endsApart = to == text.length() || !Character.isLetterOrDigit(text.codePointAt(to))
                || !Character.isLetterOrDigit(text.codePointBefore(to));
        return startsApart && endsApart;
    }

    /**
     * Where a text was cut ({@code … (400 characters)}) inside a named value of {@code parts}: the beginning shown as its
     * digest, the digest of the value named first of those it begins (the earliest part holding one).
     */
    private static String cutValues(NamedValues[] parts, String text) {
        Matcher cut = CUT.matcher(text);
        if (!cut.find()) return text;
        int longest = Arrays.stream(parts).mapToInt(part -> part.longest).max().orElse(0);
        StringBuilder out = new StringBuilder(text.length());
        int done = 0;
        do {
            int at = cut.start();
            int begins = at;
            String digest = null;
            // The earliest place from which the text up to the cut is the beginning of a longer value: the longest such beginning.
            for (int from = Math.max(done, at - longest + 1); from <= at - CUT_LEAST && digest == null; from++) {
                String first = null;
                boolean goesOn = false;
                for (NamedValues part : parts) {
                    int lo = 0;
                    int hi = part.forms.length;
                    for (int j = from; j < at && lo < hi; j++) {
                        long range = part.narrowed(lo, hi, j - from, text.charAt(j));
                        lo = (int) (range >>> 32);
                        hi = (int) range;
                    }
                    if (lo >= hi) continue;
                    if (first == null) first = part.digests[part.firstNamed(lo, hi)];
                    // Some form goes on past the cut: the text up to it is that form's beginning.
                    goesOn |= hi - lo > 1 || part.forms[lo].length() > at - from;
                }
                if (goesOn) {
                    begins = from;
                    digest = first;
                }
            }
            out.append(text, done, begins);
            if (digest != null) out.append(digest);
            done = at;
        } while (cut.find());
        return out.append(text, done, text.length()).toString();
    }

    /** The pairs of {@code found} not in {@code named} yet: the first digest of a text stays. */
    private static Map<String, String> absent(Map<String, String> named, Map<String, String> found) {
        Map<String, String> absent = new LinkedHashMap<>(found);
        absent.keySet().removeAll(named.keySet());
        return absent;
    }

    /**
     * The record's messages as cassette entries: the test's utterance and every turn of the answer, or each message of a
     * {@code @Conversation} method with the turns that answered it.
     */
    static List<Map<String, Object>> entries(SimulationRecord r) {
        List<Map<String, Object>> entries = new ArrayList<>();
        List<BotTurn> actual = r.actual();
        if (r.userTurns().isEmpty()) {
            entries.add(entry(r.utterance(), r.data(), actual));
            return entries;
        }
        List<SimulationRecord.UserTurn> said = r.userTurns();
        for (int i = 0; i < said.size(); i++) {
            int from = Math.min(Math.max(0, said.get(i).firstAnswer()), actual.size());
            int to = i + 1 < said.size() ? Math.min(Math.max(from, said.get(i + 1).firstAnswer()), actual.size()) : actual.size();
            entries.add(entry(said.get(i).text(), said.get(i).data(), actual.subList(from, to)));
        }
        return entries;
    }

    /**
     * A message as a cassette entry holds it: its text ({@code null} for a data-only message, which {@code said} shows as
     * its data) and the data it was sent with, answered by {@code turns}. Data not given is a data-only message's as
     * {@code said} shows it.
     */
    private static Map<String, Object> entry(String said, Map<String, Object> data, List<BotTurn> turns) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (said != null) {
            Optional<Map<String, Object>> shown = dataOf(said);
            if (shown.isEmpty()) request.put("text", said);
            else if (data.isEmpty()) request.put("data", shown.get());
        }
        if (!data.isEmpty()) request.put("data", new LinkedHashMap<>(data));
        List<Object> answered = new ArrayList<>();
        for (BotTurn turn : turns) answered.add(turn(turn));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("turns", answered);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("request", request);
        entry.put("answer", answer);
        return entry;
    }

    /**
     * A turn as a cassette holds it ({@link CassetteTurn}): the names {@code cognigy.replay.redact}'s pointers use. Without
     * its score: a figure, no personal data, which as a digest would rewrite the same number wherever a message gives it.
     */
    private static Map<String, Object> turn(BotTurn turn) {
        Map<String, Object> out = CassetteTurn.of(turn);
        out.remove("score");
        return out;
    }

    /**
     * What the test expected, as answers of one turn each: its intent, {@code next_flow} and entities, then its
     * {@code not_intent}. Read with the targets at the first turn ({@link #atFirstTurn}).
     */
    private static List<Map<String, Object>> expected(Expectation e) {
        Map<String, Object> turn = new LinkedHashMap<>();
        putIfSet(turn, "flow", e.nextFlow());
        putIfSet(turn, "intent", e.intent());
        if (!e.entities().isEmpty()) turn.put("slots", new LinkedHashMap<>(e.entities()));
        List<Map<String, Object>> answers = new ArrayList<>();
        answers.add(answerOf(turn));
        if (e.notIntent() != null) answers.add(answerOf(Map.of("intent", e.notIntent())));
        return answers;
    }

    /** A repeated test's answers in its other runs, as turns: each text, intent and flow the runs gave. */
    private static List<Map<String, Object>> repeated(Repetitions repetitions) {
        if (repetitions == null) return List.of();
        List<Map<String, Object>> answers = new ArrayList<>();
        repeated(repetitions.texts(), "text", answers);
        repeated(repetitions.intents(), "intent", answers);
        repeated(repetitions.flows(), "flow", answers);
        return answers;
    }

    /** Each value of a distribution but the keys of runs without one ({@code (none)}, {@code (not sent)}), as a turn's {@code part}. */
    private static void repeated(Map<String, Integer> distribution, String part, List<Map<String, Object>> answers) {
        distribution.keySet().stream().filter(value -> !value.equals(Repetitions.NONE) && !value.equals(Repetitions.NOT_SENT))
                .forEach(value -> answers.add(answerOf(Map.of(part, value))));
    }

    private static Map<String, Object> answerOf(Map<String, Object> turn) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("turns", new ArrayList<Object>(List.of(new LinkedHashMap<>(turn))));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("answer", answer);
        return entry;
    }

    /**
     * The targets as they apply to an answer of one turn: a pointer at a turn's part ({@code /answer/turns/2/intent}) at
     * the first turn's, since what a test expects holds for whichever turn; a slot name and a pointer at the answer or its
     * turns as they are; the request's pointers left out, no expectation holding the request.
     */
    private static List<String> atFirstTurn(List<String> targets) {
        List<String> mapped = new ArrayList<>();
        for (String target : targets) {
            if (!target.startsWith("/")) {
                mapped.add(target);
                continue;
            }
            List<String> tokens = Redaction.tokens(target);
            if (tokens.isEmpty() || !tokens.get(0).equals("answer")) continue;
            if (tokens.size() >= 3 && tokens.get(1).equals("turns") && tokens.get(2).matches("\\d{1,9}")) {
                List<String> first = new ArrayList<>(tokens);
                first.set(2, "0");
                mapped.add(Redaction.pointer(first));
            } else {
                mapped.add(target);
            }
        }
        return mapped;
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value != null) out.put(key, value);
    }

    /** The data of a data-only message ({@code data {"email":"ann@example.com"}}); empty for a text. */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> dataOf(String said) {
        if (!said.startsWith(DATA + "{")) return Optional.empty();
        try {
            return Optional.of(JsonMapper.shared().readValue(said.substring(DATA.length()), Map.class));
        } catch (JacksonException e) {
            return Optional.empty(); // a text that only begins like data
        }
    }

    /**
     * Of {@code forms[lo..hi)}, which all begin with the same {@code depth} characters, those whose next character is
     * {@code c}: the range {@code [from, to)} as {@code from << 32 | to}, empty when none is.
     */
    private long narrowed(int lo, int hi, int depth, char c) {
        // The form that ends here, if one does, sorts first and has no next character.
        if (lo < hi && forms[lo].length() == depth) lo++;
        int a = lo;
        int b = hi;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (forms[m].charAt(depth) < c) a = m + 1;
            else b = m;
        }
        int from = a;
        b = hi;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (forms[m].charAt(depth) <= c) a = m + 1;
            else b = m;
        }
        return ((long) from << 32) | a;
    }

    /** Of {@code forms[lo..hi)}, the place of the one named first. */
    private int firstNamed(int lo, int hi) {
        int n = forms.length;
        int first = -1;
        for (lo += n, hi += n; lo < hi; lo >>>= 1, hi >>>= 1) {
            if ((lo & 1) == 1) first = earlier(first, firstNamed[lo++]);
            if ((hi & 1) == 1) first = earlier(first, firstNamed[--hi]);
        }
        return first;
    }

    /** Of two places in {@link #forms} ({@code -1}: none), the one whose form was named first. */
    private int earlier(int a, int b) {
        if (a < 0) return b;
        if (b < 0) return a;
        return named[a] <= named[b] ? a : b;
    }
}
