package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SpokenText}: a voice bot's SSML answer as the caller hears it, and every other text as written. */
class SpokenTextTest {

    @Test
    @DisplayName("a <speak> document is read as spoken: tags left out, <say-as>, <prosody>, <emphasis> and <phoneme> text"
            + " kept, a <break/> a space, white space collapsed")
    void speakDocument() {
        assertThat(SpokenText.of("<speak>Your balance is <say-as interpret-as=\"currency\">$42.10</say-as><break time=\"500ms\"/>"
                + "Anything <emphasis level=\"strong\">else</emphasis>?</speak>"))
                .isEqualTo("Your balance is $42.10 Anything else?");
        assertThat(SpokenText.of("<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-US\">\n"
                + "  <voice name=\"en-US-JennyNeural\"><prosody rate=\"slow\">Please say your\n   <phoneme alphabet=\"ipa\""
                + " ph=\"ˈkʌstəmər\">customer</phoneme> number.</prosody></voice>\n</speak>"))
                .isEqualTo("Please say your customer number.");
        assertThat(SpokenText.of("<speak><p><s>Thanks.</s><s>Bye.</s></p></speak>")).isEqualTo("Thanks. Bye.");
    }

    @Test
    @DisplayName("a <sub alias> is its alias, what the caller hears instead of the written text; an <audio>'s fallback"
            + " text and comments are not spoken; XML's character references are decoded")
    void aliasesAudioAndReferences() {
        assertThat(SpokenText.of("<speak>Call <sub alias=\"Voice Gateway\">VG</sub> support.</speak>"))
                .isEqualTo("Call Voice Gateway support.");
        assertThat(SpokenText.of("<speak><sub>VG</sub> <audio src=\"https://x.example/hold.mp3\">Please hold<desc>music</desc>"
                + "</audio>now<!-- ask for the PIN --></speak>")).isEqualTo("VG now");
        assertThat(SpokenText.of("<speak>AT&amp;T &lt;3 &#8364;5 &#x2019; &apos;x&quot; &nbsp; & more</speak>"))
                .isEqualTo("AT&T <3 €5 ’ 'x\" &nbsp; & more");
    }

    @Test
    @DisplayName("read for a failed recording, an <audio>'s fallback text is spoken in its place, its <desc> still not; the"
            + " rest reads as when the recording plays, and a text without <audio> the same either way")
    void fallbackOfAFailedRecording() {
        String hold = "<speak>One moment. <audio src=\"https://x.example/hold.mp3\">Please hold, <emphasis>we are busy</emphasis>"
                + "<desc>music</desc></audio><break/>Thanks for <sub alias=\"waiting\">w8ing</sub>.</speak>";
        assertThat(SpokenText.of(hold)).isEqualTo("One moment. Thanks for waiting.");
        assertThat(SpokenText.ofFailedRecordings(hold)).isEqualTo("One moment. Please hold, we are busy Thanks for waiting.");
        assertThat(SpokenText.ofFailedRecordings("Say <audio>hi</audio>.")).isEqualTo("Say <audio>hi</audio>.");
        assertThat(SpokenText.of("<speak>One moment.<audio src=\"https://x.example/hold.mp3\"/>Thanks.</speak>"))
                .isEqualTo("One moment. Thanks.");
        String plain = "<speak>Your PIN is <say-as interpret-as=\"digits\">1234</say-as>.</speak>";
        assertThat(SpokenText.ofFailedRecordings(plain)).isEqualTo(SpokenText.of(plain)).isEqualTo("Your PIN is 1234.");
    }

    @Test
    @DisplayName("only a <speak> document on lines of its own is SSML: a < in a sentence, chat HTML and a quoted <speak> stay"
            + " as written, and an answer of several outputs reads each SSML output as spoken and keeps the others")
    void onlySpeakDocuments() {
        for (String text : new String[] {"Is a < b? Yes, if b > a.", "Your order is <b>shipped</b>.",
                "Say <speak>Hello</speak> to start.", "<speak>Hello", "<speakers>Hello</speakers>"}) {
            assertThat(SpokenText.of(text)).as(text).isSameAs(text);
            assertThat(SpokenText.holdsSpeech(text)).as(text).isFalse();
        }
        String answer = "Welcome to ACME, a < b.\n<speak>Your PIN is <say-as interpret-as=\"digits\">1234</say-as>.</speak>\n"
                + "  <speak>\n  Goodbye!\n</speak>  ";
        assertThat(SpokenText.of(answer)).isEqualTo("Welcome to ACME, a < b.\nYour PIN is 1234.\n  Goodbye!  ");
        assertThat(SpokenText.holdsSpeech(answer)).isTrue();
    }

    @Test
    @DisplayName("a character reference to what XML has no character for (a surrogate, a control other than tab and line"
            + " breaks, U+FFFE) is no character of the words: it stays as written, never a lone surrogate or a control")
    void referencesToNoCharacterStayAsWritten() {
        assertThat(SpokenText.of("<speak>A &#xD800; B &#xDE00; C &#1; D &#xFFFE; E</speak>"))
                .isEqualTo("A &#xD800; B &#xDE00; C &#1; D &#xFFFE; E");
        assertThat(SpokenText.of("<speak>&#xD83D;&#xDE00;</speak>")).isEqualTo("&#xD83D;&#xDE00;");
        assertThat(SpokenText.of("<speak>&#x1F600; &#9;&#xE000;&#x10FFFF;</speak>"))
                .isEqualTo("\uD83D\uDE00 \uE000\uDBFF\uDFFF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<speak>Hello <break time=\"1s\"></speak>", "<speak>Hello <emphasis>you</speak>",
            "<speak>Hello </emphasis>you</speak>", "<speak>Hello <break time=\"1s\"/ you</speak>", "<speak>Hi <!-- no end </speak>",
            "<speak><?xml version=\"1.0\"?>Hi</speak>", "<speak>Hello <break time=\"1s/></speak>"})
    @DisplayName("a <speak> document that is no well-formed markup stays as written: a TTS vendor would refuse it")
    void malformedDocumentAsWritten(String text) {
        assertThat(SpokenText.of(text)).isSameAs(text);
    }

    @Test
    @DisplayName("a text is written with markup when it holds a tag, not when it holds only the < of a comparison")
    void markedUp() {
        assertThat(SpokenText.markedUp("<break time=\"500ms\"/>")).isTrue();
        assertThat(SpokenText.markedUp("</speak>")).isTrue();
        assertThat(SpokenText.markedUp("<say-as")).isTrue();
        assertThat(SpokenText.markedUp("a < b and c > d")).isFalse();
        assertThat(SpokenText.markedUp("x<3")).isFalse();
        assertThat(SpokenText.markedUp("balance <")).isFalse();
    }

    @Test
    @DisplayName("references to the first and last characters of each range XML has are decoded, up to ten characters"
            + " from & to ;")
    void referencesAtTheEdges() {
        assertThat(SpokenText.of("<speak>a&#x20;b &#xD7FF;&#xE000;&#xFFFD;&#x10000; &#x001F600;</speak>"))
                .isEqualTo("a b \uD7FF\uE000\uFFFD\uD800\uDC00 \uD83D\uDE00");
        assertThat(SpokenText.of("<speak>&#x0001F600; &#x1F;</speak>")).isEqualTo("&#x0001F600; &#x1F;");
    }

    @Test
    @DisplayName("an answer of 1 MiB whose lines all start <speak> and none ends </speak> (or each holds </speak> within"
            + " it) is read as written in one pass: searching on to the answer's end from each line took minutes")
    void manyStartsWithoutAnEnd() {
        String starts = "<speak>\n".repeat(1 << 17);
        String endsWithin = "<speak>x</speak>x\n".repeat(1 << 16);

        List<String> read = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> List.of(SpokenText.of(starts),
                SpokenText.of(endsWithin), SpokenText.of(starts + "Hello\n<speak>Bye</speak>")));

        assertThat(read.get(0)).isSameAs(starts);
        assertThat(read.get(1)).isSameAs(endsWithin);
        // From the first start to the one end: no well-formed document (its <speak> elements are never closed), so as written.
        assertThat(read.get(2)).isEqualTo(starts + "Hello\n<speak>Bye</speak>");
    }

    /** The rule the documents are found by, as one regular expression: what {@link SpokenText#document} must agree with. */
    private static final Pattern DOCUMENT = Pattern.compile("(?ms)^[ \\t]*(<speak(?:[ \\t\\r\\n][^>]*)?>.*?</speak>)[ \\t]*$");

    @Test
    @DisplayName("the documents found in one pass are those the rule's regular expression finds, on 20,000 texts made of"
            + " starts, ends, tags, spaces and every kind of line break")
    void documentsAsTheRuleFindsThem() {
        String[] parts = {"<speak>", "</speak>", "<speak ", "<speak\n", "<speaker>", ">", "x", " ", "\t", "\n", "\r", "\r\n",
                "\u0085", "\u2028", "\u2029", "<speak", "</speak", "</speak> "};
        Random random = new Random(20261206);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(14); k >= 0; k--) text.append(parts[random.nextInt(parts.length)]);
            List<List<Integer>> expected = new ArrayList<>();
            Matcher m = DOCUMENT.matcher(text);
            while (m.find()) expected.add(List.of(m.start(1), m.end(1)));
            List<List<Integer>> found = new ArrayList<>();
            for (int[] d = SpokenText.document(text.toString(), 0); d != null; d = SpokenText.document(text.toString(), d[1])) {
                found.add(List.of(d[0], d[1]));
            }
            assertThat(found).as("documents of %s", text.toString().replace("\n", "\\n").replace("\r", "\\r")).isEqualTo(expected);
        }
    }

    /** {@link SpokenText#decoded} as it was: each {@code &}'s {@code ;} looked for on to the text's end. */
    private static String decodedSearchingToTheEnd(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int semicolon = c == '&' ? text.indexOf(';', i) : -1;
            String reference = semicolon > i && semicolon - i <= 10 ? text.substring(i + 1, semicolon) : null;
            String character = reference == null ? null : SpokenText.character(reference);
            if (character == null) {
                out.append(c);
                i++;
            } else {
                out.append(character);
                i = semicolon + 1;
            }
        }
        return out.toString();
    }

    @Test
    @DisplayName("on 30,000 texts of ampersands, semicolons, names and numbers of references, the references decoded in"
            + " one pass are those found by searching each & on to the text's end for its ;")
    void referencesAsSearchedToTheEnd() {
        String[] parts = {"&", ";", "&amp;", "&lt;", "amp", "lt", "gt", "quot", "apos", "nbsp", "#", "#x", "#X", "x", "20",
                "1F600", "D800", "0", "9", "41", "FFFE", "10FFFF", "110000", "0000000", " ", "a", "é", "\uD83D\uDE00"};
        Random random = new Random(20261206);
        for (int n = 0; n < 30_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(16); k >= 0; k--) text.append(parts[random.nextInt(parts.length)]);
            assertThat(SpokenText.decoded(text.toString())).as(text.toString())
                    .isEqualTo(decodedSearchingToTheEnd(text.toString()));
        }
    }

    @Test
    @DisplayName("an answer of 1 MiB of '&' with no ';' after them, or with a ';' only at its end, is decoded in one pass:"
            + " each '&' searched on to the answer's end for its ';'")
    void manyAmpersandsWithoutASemicolon() {
        String ampersands = "&".repeat(1 << 20);
        String endingInOne = "&#".repeat(1 << 19) + ";";
        String words = "a&b ".repeat(1 << 18);

        List<String> decoded = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> List.of(SpokenText.decoded(ampersands),
                SpokenText.decoded(endingInOne), SpokenText.decoded(words), SpokenText.of("<speak>" + words + "&amp;</speak>")));

        assertThat(decoded.get(0)).isEqualTo(ampersands);
        assertThat(decoded.get(1)).isEqualTo(endingInOne);
        assertThat(decoded.get(2)).isEqualTo(words);
        assertThat(decoded.get(3)).isEqualTo(words + "&");
    }
}
