package dev.botsim.cognigy.engine.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.ContainedFile;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.LoneSurrogates;
import dev.botsim.cognigy.engine.support.NamedValues;
import dev.botsim.cognigy.engine.support.Redaction;
import dev.botsim.cognigy.engine.support.Utf8Bytes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cassette on disk: one JSON document per data file or class, written in a fixed order (entries by test and turn,
 * keys as {@link Exchange} lists them, data keys sorted) with two-space indentation and {@code \n} line ends, so it
 * reads well in a pull request and a re-recording is a small diff.
 *
 * <p>Reading never throws: a file that is not JSON, carries merge-conflict markers or holds an entry that cannot be
 * replayed comes back with its problems, each as {@code file:line:column: what — fix}, as a bad data file is
 * reported. Entries that could be read are kept, and those that could not are listed ({@link Unread}) so that no
 * rewrite drops them unsaid; a file that could not be parsed has none.
 */
final class CassetteFile {

    static final int VERSION = 1;
    // A field twice (both sides of a conflict kept) is refused, not read as its last copy.
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String FIX = " — fix it, or delete the entry and run once with cognigy.replay=record";

    private CassetteFile() {
    }

    /** An entry's place in a cassette. */
    record Key(String test, int turn) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::test).thenComparingInt(Key::turn);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * An entry the file holds that was not read into {@link Loaded#exchanges()}: a hand edit gone wrong (not an object, a
     * field missing or of the wrong type) or one of two copies of an entry that differ. Written again from what was read,
     * the file would no longer hold it. A second copy identical to the first is none: the first says what it says.
     *
     * @param line where the entry starts
     * @param key  the test and turn it names, when it names them
     * @param what {@code file:line:1: exchanges[i] what is wrong}, without the fix
     */
    record Unread(int line, Optional<Key> key, String what) {
    }

    /**
     * A cassette as read.
     *
     * @param recordedAgainst what its entries were recorded against; empty for a new or unreadable file
     * @param problems        {@code file:line:column: what — fix}, one each
     * @param unread          the entries it holds that could not be read, in the order of their lines; none when the
     *                        whole file could not be
     * @param sha256          the SHA-256 of the bytes read, what the audit record names a replayed cassette by;
     *                        {@code null} when there was no file, or it could not be read
     * @param named           the values {@code cognigy.replay.redact} names in its entries, those it could not read too,
     *                        each with its digest ({@link Redaction#named}), in the order the file holds them: held in
     *                        clear by a cassette recorded before the setting named them, or edited in, and never quoted in
     *                        what is said about a cassette
     */
    record Loaded(Optional<Fingerprint> recordedAgainst, Map<Key, Exchange> exchanges, List<String> problems,
                  List<Unread> unread, String sha256, Map<String, String> named) {
        Loaded {
            unread = unread.stream().sorted(Comparator.comparingInt(Unread::line)).toList();
            // In the order the entries hold them, not a hash order that changes from run to run: of two values sharing a
            // form, the one named first gives a message quoting it its digest (NamedValues).
            named = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(named));
        }

        Loaded(Optional<Fingerprint> recordedAgainst, Map<Key, Exchange> exchanges, List<String> problems) {
            this(recordedAgainst, exchanges, problems, List.of(), null, Map.of());
        }

        /** The same, its entries replaced by {@code exchanges}. */
        Loaded withExchanges(Map<Key, Exchange> exchanges) {
            return new Loaded(recordedAgainst, exchanges, problems, unread, sha256, named);
        }

        /**
         * The same, its problems and unread entries with each of {@code forms} masked ({@link Secrets#mask(String, List)}):
         * they quote what the file holds, a test id among it.
         */
        Loaded withProblemsMasked(List<String> forms) {
            return new Loaded(recordedAgainst, exchanges, problems.stream().map(p -> Secrets.mask(p, forms)).toList(),
                    unread.stream().map(u -> new Unread(u.line(), u.key(), Secrets.mask(u.what(), forms))).toList(), sha256,
                    named);
        }

        /**
         * The same, each fact it states it was recorded against with {@code forms} (the run's secrets) masked and cut to
         * {@value Excerpt#QUOTED} characters, its key too: a replay's reports, the webhook and the console name them, and
         * a hand edit (an endpoint's URL pasted in whole, its token with it) or a damaged file may hold anything there.
         * An engine writes none so long, and never a secret, so a fact it wrote stays as it is.
         */
        Loaded withFactsShown(List<String> forms) {
            if (recordedAgainst.isEmpty()) return this;
            Map<String, String> facts = new TreeMap<>();
            recordedAgainst.get().facts().forEach((k, v) -> facts.put(Excerpt.of(Secrets.mask(k, forms), Excerpt.QUOTED),
                    Excerpt.of(Secrets.mask(v, forms), Excerpt.QUOTED)));
            return new Loaded(Optional.of(Fingerprint.of(facts)), exchanges, problems, unread, sha256, named);
        }

        static Loaded empty() {
            return new Loaded(Optional.empty(), Map.of(), List.of());
        }

        /** Whether the file could not be read as a cassette at all (as opposed to some of its entries). */
        boolean unreadable() {
            return recordedAgainst.isEmpty() && !problems.isEmpty();
        }
    }

    /**
     * The largest cassette read: 64 MiB. Measured as written: a message answered in three sentences with two quick replies
     * takes 1.1 KiB, with a small data payload 1.4 KiB, a long answer (fifteen sentences) with a 40-field payload 4.6 KiB.
     * A data file is at most 1 MiB, some thousands of cases, and its cassette holds every turn of them, each run of a
     * repeated test again: 5,000 messages of long answers come to 23 MiB, so 64 MiB holds such a suite with room for
     * conversations and repetitions (some 14,000 long answers, 50,000 short ones). A larger file is no recording of a real
     * suite, and held three times over while it is parsed (its bytes, its text, its entries), it could end the run for want
     * of memory instead of being reported.
     */
    static final int MAX_BYTES = 64 << 20;

    /**
     * Reads {@code file}, a cassette in {@code folder} (the replay folder), shown as {@code shown} in problems; a missing
     * file is an empty cassette. One that resolves through a link to a file outside the folder, or is larger than
     * {@link #MAX_BYTES}, is not read: it is a cassette that cannot be read, never written over.
     */
    static Loaded read(Path folder, Path file, String shown) {
        return read(folder, file, shown, new Redaction(List.of()), List.of());
    }

    /**
     * The same, every test id and value its problems quote from the file shown with {@code forms} (the run's secrets)
     * masked and each value {@code redaction} names in its entries as its digest, then cut to
     * {@value Excerpt#QUOTED} characters and written on one line ({@link #quoted}).
     */
    static Loaded read(Path folder, Path file, String shown, Redaction redaction, List<String> forms) {
        try {
            ContainedFile.Read found = ContainedFile.read(file, folder, MAX_BYTES);
            if (found instanceof ContainedFile.Outside outside) return unreadable(outsideFolder(shown, folder, outside));
            if (found instanceof ContainedFile.TooLarge large) {
                return unreadable(shown + ": larger than " + ContainedFile.size(large.limit()) + ", more than any suite"
                        + " records; not read — delete it and record its tests again with cognigy.replay=record, or split"
                        + " the data file it records so each cassette is smaller");
            }
            if (!(found instanceof ContainedFile.Bytes read)) return Loaded.empty();
            Loaded loaded = read(read.bytes(), shown, redaction, forms);
            return new Loaded(loaded.recordedAgainst(), loaded.exchanges(), loaded.problems(), loaded.unread(),
                    dev.botsim.cognigy.engine.support.Sha256.ofText(read.bytes()), loaded.named());
        } catch (IOException e) {
            return unreadable(shown + ": cannot be read (" + FileFailures.reason(e) + ")");
        }
    }

    /**
     * Why a file of the replay folder that links out of it was not read: what it points at could be anything (a
     * credentials file), and pieces of a file read are shown in problems and reports.
     */
    static String outsideFolder(String shown, Path folder, ContainedFile.Outside outside) {
        return shown + ": links outside the replay folder " + Cassettes.shown(folder) + " (to " + outside.target()
                + "): not read — replace the link with the file itself";
    }

    /**
     * The text without the UTF-8 byte order mark an editor on Windows may put before it ("UTF-8 with BOM": Visual Studio,
     * PowerShell 5's {@code Set-Content -Encoding UTF8}), which JSON lets a reader ignore and Jackson refuses in text.
     */
    static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * {@code shown:line:column: not UTF-8 text …} at the first byte that is no UTF-8, naming what it is in Windows-1252
     * when every byte before it is ASCII: a hand edit saved in the Windows "ANSI" code page, which re-encodes the file
     * ({@link Utf8Bytes}: a byte order mark takes no column).
     */
    private static String notUtf8(String shown, byte[] bytes, int offset) {
        Utf8Bytes.Place place = Utf8Bytes.placeOf(bytes, offset);
        Optional<String> ansi = Utf8Bytes.windows1252(bytes, offset);
        return shown + ":" + place.line() + ":" + place.column() + ": not UTF-8 text: byte 0x"
                + String.format(java.util.Locale.ROOT, "%02X", bytes[offset] & 0xFF) + " (at byte offset " + offset + ")"
                + ansi.map(c -> " is '" + c + "' in Windows-1252 ('ANSI'), as older Notepad saves it: save the file as UTF-8")
                .orElse("") + FIX;
    }

    /** Reads a cassette's bytes, shown as {@code shown} in problems. */
    private static Loaded read(byte[] bytes, String shown, Redaction redaction, List<String> forms) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError()) return unreadable(notUtf8(shown, bytes, in.position()));
        decoder.flush(out);
        String text = withoutByteOrderMark(out.flip().toString());
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("<<<<<<<") || line.startsWith(">>>>>>>") || line.startsWith("=======")) {
                return unreadable(shown + ":" + (i + 1) + ":1: a merge-conflict marker (" + line.substring(0, 7) + ")"
                        + " — resolve the conflict, or delete the cassette and run once with cognigy.replay=record");
            }
        }
        Object root;
        List<Integer> entryLines;
        String versionAt;
        try {
            root = JSON.readValue(text, Object.class);
            entryLines = entryLines(text);
            versionAt = rootValueAt(text, "cassette");
        } catch (JacksonException e) {
            return unreadable(shown + ":" + placeOf(e, text) + ": not valid JSON (" + syntaxError(e) + ")"
                    + " — fix the JSON, or delete the cassette and run once with cognigy.replay=record");
        }
        // JSON, but not an object: a file holding only null (a tool that wrote nothing), a list or a text is no cassette.
        if (!(root instanceof Map<?, ?> object)) {
            return unreadable(shown + ":1:1: not a cassette (it holds " + (root == null ? "null" : root instanceof List<?> ? "a list"
                    : "a single value") + ", not an object with 'cassette', 'recorded_against' and 'exchanges')"
                    + " — delete it and run once with cognigy.replay=record");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cassette = (Map<String, Object>) object;
        return entries(cassette, entryLines, versionAt, shown, redaction, forms);
    }

    /**
     * A text of the file quoted in a problem (a test id; a short word {@link Exchange} names): the run's secrets masked
     * and every value {@code named} as its digest while it is whole, then cut to its beginning and length
     * ({@link Excerpt#QUOTED} characters) and written on one line ({@link ConsoleText#visible}), since a test id edited by
     * hand may be of any length and hold line breaks or controls that rewrite a console line.
     */
    static String quoted(String text, NamedValues named, List<String> forms) {
        return quoted(text, named::in, forms);
    }

    /** The same, {@code named} writing each value it names as its digest. */
    static String quoted(String text, java.util.function.UnaryOperator<String> named, List<String> forms) {
        return ConsoleText.visible(Excerpt.of(hidden(text, named, forms), Excerpt.QUOTED));
    }

    /** {@code text} with the run's secrets masked and each value {@code named} as its digest. */
    static String hidden(String text, NamedValues named, List<String> forms) {
        return hidden(text, named::in, forms);
    }

    /** The same, {@code named} writing each value it names as its digest ({@link NamedValues#in}, a growing lookup's). */
    static String hidden(String text, java.util.function.UnaryOperator<String> named, List<String> forms) {
        return named.apply(Secrets.mask(text, forms));
    }

    /**
     * The values {@code redaction} names in each entry of {@code list} that is an object, whether it can be read or not,
     * with their digests; {@code <redacted>}, what an answer's value is written as, names nothing.
     */
    static Map<String, String> named(List<?> list, Redaction redaction) {
        Map<String, String> named = new LinkedHashMap<>();
        if (redaction.targets().isEmpty()) return named;
        for (Object one : list) {
            if (!(one instanceof Map<?, ?> entry)) continue;
            Map<String, Object> parts = new LinkedHashMap<>();
            parts.put("request", entry.get("request"));
            parts.put("answer", entry.get("answer"));
            redaction.named(parts).forEach((value, digest) -> {
                if (!value.equals(Redaction.REDACTED)) named.putIfAbsent(value, digest);
            });
        }
        return named;
    }

    /**
     * @param versionAt where the value of {@code cassette} stands, {@code line:column}; where the file begins without one
     */
    @SuppressWarnings("unchecked")
    private static Loaded entries(Map<String, Object> root, List<Integer> entryLines, String versionAt, String shown,
                                  Redaction redaction, List<String> forms) {
        if (root.get("cassette") instanceof Integer later && later > VERSION) {
            // A colleague's newer build recorded it: deleting it, the advice for a damaged file, would lose what that
            // version records. A whole number is all it says, so it is shown.
            return unreadable(shown + ":" + versionAt + ": a cassette of version " + later + ", which a newer version of"
                    + " cognigy-junit writes; this engine reads version " + VERSION + " — replay it with that version or a later"
                    + " one (no run of this one writes over it), or delete it and record its tests again with"
                    + " cognigy.replay=record");
        }
        if (!Integer.valueOf(VERSION).equals(root.get("cassette"))) {
            // Its value is not repeated: a file this engine cannot read may be anything (a corrupted or hostile one, a
            // text pasted where the number belongs), and what it holds would land in the console and the reports.
            return unreadable(shown + ":" + versionAt + ": " + (root.containsKey("cassette") ? "a cassette of a version this"
                    + " engine does not read ('cassette')" : "no cassette: it names no version ('cassette')") + "; it reads"
                    + " version " + VERSION + " — delete it and run once with cognigy.replay=record");
        }
        if (!(root.get("recorded_against") instanceof Map<?, ?> against) || !(root.get("exchanges") instanceof List<?> list)) {
            return unreadable(shown + ":1:1: a cassette holds 'recorded_against' (an object) and 'exchanges' (a list)"
                    + " — delete it and run once with cognigy.replay=record");
        }
        Map<String, String> named = named(list, redaction);
        NamedValues values = NamedValues.of(named);
        Map<String, String> facts = new TreeMap<>();
        against.forEach((k, v) -> facts.put(String.valueOf(k), String.valueOf(v)));
        Map<Key, Exchange> exchanges = new TreeMap<>();
        Set<Key> underClassKeys = new HashSet<>();
        // Recorded twice with different requests or answers: which is the bot's cannot be told, so neither is replayed.
        Map<Key, Integer> ambiguous = new HashMap<>();
        // The index of each entry read, by its place: named when a later copy makes it ambiguous.
        Map<Key, Integer> indexOf = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<Unread> unread = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int line = i < entryLines.size() ? entryLines.get(i) : 1;
            String where = shown + ":" + line + ":1: exchanges[" + i + "]";
            Key key = null;
            boolean copyOfFirst = false;
            try {
                if (!(list.get(i) instanceof Map<?, ?> entry)) throw new IllegalArgumentException("is not an object");
                // A number, list or object where the test id belongs is a value of the wrong type, not a test id missing.
                Object testValue = entry.get("test");
                if (testValue != null && !(testValue instanceof String)) throw new IllegalArgumentException("'test' is not a text");
                if (!(testValue instanceof String written) || written.isBlank()) throw new IllegalArgumentException("has no 'test'");
                String test = Exchange.storedKey(written);
                if (!(entry.get("turn") instanceof Integer turn) || turn < 1) {
                    throw new IllegalArgumentException("'turn' is not a whole number from 1");
                }
                key = new Key(test, turn);
                Map<String, Object> request = object(entry, "request");
                Map<String, Object> answer = object(entry, "answer");
                Exchange exchange = new Exchange(test, turn, request, answer, line);
                exchange.validate();
                // An entry of earlier versions, keyed under the test's class, gives way to one keyed as now.
                boolean underClass = !written.equals(test);
                if (exchanges.containsKey(key) && (underClass || underClassKeys.remove(key))) {
                    if (!underClass) {
                        exchanges.put(key, exchange);
                        indexOf.put(key, i);
                    }
                    continue;
                }
                if (underClass) underClassKeys.add(key);
                Integer firstOfAmbiguous = ambiguous.get(key);
                if (firstOfAmbiguous != null) {
                    throw new IllegalArgumentException("records " + quoted(test, values, forms) + " turn " + turn + " again (first at line "
                            + firstOfAmbiguous + "), and its entries differ: none of them is replayed");
                }
                Exchange first = exchanges.putIfAbsent(key, exchange);
                if (first == null) indexOf.put(key, i);
                if (first != null && first.request().equals(exchange.request()) && first.answer().equals(exchange.answer())) {
                    copyOfFirst = true;
                    throw new IllegalArgumentException("records " + quoted(test, values, forms) + " turn " + turn + " again (first at line " + first.line() + ")");
                }
                if (first != null) {
                    // A merge that kept both sides, or an entry pasted in: replaying the first would pass or fail the test
                    // on whichever came first in the file.
                    exchanges.remove(key);
                    ambiguous.put(key, first.line());
                    unread.add(new Unread(first.line(), Optional.of(key), shown + ":" + first.line() + ":1: exchanges["
                            + indexOf.get(key) + "] records " + quoted(test, values, forms) + " turn " + turn + ", as the entry at line " + line
                            + " does with another request or answer"));
                    throw new IllegalArgumentException("records " + quoted(test, values, forms) + " turn " + turn + " again (first at line "
                            + first.line() + ") with another request or answer: neither is replayed, since which is the"
                            + " bot's cannot be told");
                }
            } catch (IllegalArgumentException | ClassCastException e) {
                // What Exchange names of the entry (an answer's status, a short word) is hidden as a test id is.
                String what = where + " " + (e instanceof ClassCastException ? "holds a value of the wrong type"
                        : hidden(e.getMessage(), values, forms));
                problems.add(what + FIX);
                if (!copyOfFirst) unread.add(new Unread(line, Optional.ofNullable(key), what));
            }
        }
        return new Loaded(Optional.of(Fingerprint.of(facts)), exchanges, problems, unread, null, named);
    }

    /**
     * The object {@code entry} holds as {@code name}: a text, number or list there is a value of the wrong type, named as
     * such, not an entry without it.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<?, ?> entry, String name) {
        Object value = entry.get(name);
        if (value instanceof Map<?, ?> object) return (Map<String, Object>) object;
        throw new IllegalArgumentException(value == null ? "has no '" + name + "' object" : "'" + name + "' is not an object");
    }

    /**
     * The line each entry of {@code exchanges} starts on, in order: every value of the list, so an entry that is no object
     * (a number, a text pasted in) has its line too and the entries after it keep theirs.
     */
    private static List<Integer> entryLines(String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isStructEnd()) continue;
                // An object or list opens a context of its own, below the list it is a value of.
                TokenStreamContext array = token.isStructStart() ? parser.streamReadContext().getParent() : parser.streamReadContext();
                if (array != null && array.inArray() && array.getParent() != null && array.getParent().inObject()
                        && array.getParent().getParent() != null && array.getParent().getParent().inRoot()
                        && "exchanges".equals(array.getParent().currentName())) {
                    lines.add(parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    /**
     * Where {@code e}, thrown reading {@code text}, stands, as {@code line:column}: its own place, or where a parser
     * reading the text token by token stops ({@link #stopsAt}); {@code 1:1} when neither tells.
     */
    static String placeOf(JacksonException e, String text) {
        tools.jackson.core.TokenStreamLocation at = e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? e.getLocation() : stopsAt(text);
        return (at != null ? Math.max(at.getLineNr(), 1) : 1) + ":" + (at != null ? Math.max(at.getColumnNr(), 1) : 1);
    }

    /**
     * Where a parser reading {@code text} token by token stops on an error: a limit of the parser's (a value nested too
     * deep, a text too long) is thrown without a place when the whole document is read at once. {@code null} when it
     * reads to the end.
     */
    private static tools.jackson.core.TokenStreamLocation stopsAt(String text) {
        JsonParser parser = JSON.createParser(text);
        try (parser) {
            while (parser.nextToken() != null) {
                // each token read; the error, if any, stops here
            }
            return null;
        } catch (JacksonException e) {
            // The token it stopped at: the error's own place, when it has one, may be how far the input was buffered.
            return parser.currentTokenLocation();
        }
    }

    /**
     * Where the value of the top-level field {@code name} stands in {@code text}, JSON already read whole, as
     * {@code line:column}; {@code 1:1} when the object has no such field.
     */
    private static String rootValueAt(String text, String name) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                TokenStreamContext context = parser.streamReadContext();
                if (token == JsonToken.PROPERTY_NAME && context.getParent() != null && context.getParent().inRoot()
                        && name.equals(parser.currentName())) {
                    parser.nextToken();
                    return parser.currentTokenLocation().getLineNr() + ":" + parser.currentTokenLocation().getColumnNr();
                }
            }
        }
        return "1:1";
    }

    private static Loaded unreadable(String problem) {
        return new Loaded(Optional.empty(), Map.of(), List.of(problem));
    }

    /** Jackson's messages by how they begin, each with what it means in words that quote nothing of the file. */
    private static final List<Map.Entry<String, String>> SYNTAX_ERRORS = List.of(
            Map.entry("No content to map", "the file holds no JSON at all: emptied, or cut short?"),
            Map.entry("Duplicate Object property", "a field named twice in one object, as a merge may leave it"),
            Map.entry("Duplicate field", "a field named twice in one object, as a merge may leave it"),
            Map.entry("Unrecognized token", "a word that is not JSON here: a text without its quotes?"),
            Map.entry("Unrecognized character escape", "a backslash escape JSON does not know, inside a text"),
            Map.entry("Illegal unquoted character", "a control character (a tab, a line break) inside a text, not escaped"),
            Map.entry("Unexpected close marker", "a closing bracket that does not match the one opened"),
            Map.entry("Unexpected end-of-input", "the file ends inside a value: cut short?"),
            Map.entry("Invalid numeric value", "a malformed number"),
            Map.entry("Unexpected character", "a character that cannot stand here: a missing comma, colon or quote?"));

    /**
     * What kind of syntax error {@code e} is, without the parser's own message: that quotes the file's text at the error
     * (the word it did not recognise, a field's name), and the text of a cassette, a recorded answer, may hold what must
     * not reach the console or a report. The line and column say where.
     */
    static String syntaxError(JacksonException e) {
        if (e instanceof tools.jackson.core.exc.UnexpectedEndOfInputException) return "the file ends inside a value: cut short?";
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException) {
            return "a value beyond the parser's limits: too long a text or number, or nested too deep";
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return SYNTAX_ERRORS.stream().filter(known -> message.startsWith(known.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse("a syntax error");
    }

    /**
     * {@code value} as a cassette holding it reads back: numbers typed as JSON reads them (a whole number of a data
     * file's {@code Long} is an {@code Integer}, a decimal a {@code Double}), so a request is compared with its
     * recording as values, not as Java types.
     */
    static Map<String, Object> asRead(Map<String, Object> value) {
        return JSON.readValue(LoneSurrogates.escaped(JSON.writeValueAsString(keysWellFormed(value))),
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    }

    /**
     * {@code value} with each lone surrogate half in a key as U+FFFD ({@link LoneSurrogates#replaced}): written escaped, as
     * a value's is, it would make the whole cassette unreadable, since JSON readers refuse it in a property name. Such a
     * key (a slot named with half an emoji) then reads back as the request a replay compares holds it too ({@link #asRead}).
     */
    @SuppressWarnings("unchecked")
    private static Object keysWellFormed(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(LoneSurrogates.replaced(k), keysWellFormed(v)));
            return out;
        }
        if (value instanceof List<?> list) return list.stream().map(CassetteFile::keysWellFormed).toList();
        return value;
    }

    /** The cassette's text: its fingerprint and its entries by test and turn. */
    static String text(Fingerprint recordedAgainst, Collection<Exchange> exchanges) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cassette", VERSION);
        root.put("recorded_against", recordedAgainst.facts());
        root.put("exchanges", exchanges.stream().sorted(Comparator.comparing(Exchange::test).thenComparingInt(Exchange::turn))
                .map(exchange -> keysWellFormed(exchange.toJson())).toList());
        return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    }

    /**
     * Writes {@code text} to {@code file}, creating its folders, through a partial file so a killed run leaves no half
     * cassette; with the permissions any new file gets, since a cassette is committed and read by others. A lone
     * surrogate half (an answer cut inside an emoji) is written escaped ({@link LoneSurrogates#escaped}), so it reads
     * back as recorded rather than as {@code ?}.
     */
    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        dev.botsim.cognigy.engine.support.PartialFile.write(file, LoneSurrogates.escaped(text).getBytes(StandardCharsets.UTF_8));
    }
}
