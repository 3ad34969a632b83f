package dev.botsim.cognigy.engine.discovery.datafile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reading steps other suite formats (Botium's, stray convos, playbook exports) share with data files. */
class DocumentsTest {

    private static final int LIMIT = 1 << 20;

    @Test
    @DisplayName("a file of exactly the limit is read; one byte more is refused as a whole-file problem, with no text")
    void sizeLimitBoundary() {
        byte[] atLimit = "a: b\n".getBytes(StandardCharsets.UTF_8);

        Documents.Text read = Documents.text("x.convo.txt", atLimit, atLimit.length);
        Documents.Text refused = Documents.text("x.convo.txt", atLimit, atLimit.length - 1);

        assertThat(read.text()).isEqualTo("a: b\n");
        assertThat(read.problems()).isEmpty();
        assertThat(refused.text()).isNull();
        assertThat(refused.problems()).extracting(FileProblem::toString)
                .containsExactly("x.convo.txt: the file has more than 4 bytes — split it into several files");
    }

    @Test
    @DisplayName("bytes that are not plain UTF-8 give no text at all, not an empty one: UTF-16, a NUL byte, an invalid byte")
    void refusedBytesGiveNoText() {
        byte[][] refused = {
                {(byte) 0xFF, (byte) 0xFE, 'a', 0},
                {'a', ':', ' ', 0, '\n'},
                {'a', ':', ' ', (byte) 0xC3, '(', '\n'},
        };
        for (byte[] bytes : refused) {
            Documents.Text text = Documents.text("x.yml", bytes, LIMIT);

            assertThat(text.text()).isNull();
            assertThat(text.problems()).hasSize(1);
        }
        assertThat(Documents.text("x.yml", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a'}, LIMIT).text())
                .isEqualTo("a");
    }

    @Test
    @DisplayName("a YAML document comes back with every value, in file order, at its line and column and under its key's")
    void valuesWithPlaces() {
        String yaml = "convo:\n  - me: hi\n    bot: [hello, 2]\n  - me: bye\n";

        Documents.Tree tree = Documents.tree("x.yml", yaml, true, LIMIT);

        assertThat(tree.problems()).isEmpty();
        Documents.Value root = tree.root();
        assertThat(root.cutShort()).isFalse();
        Documents.Value convo = map(root).get("convo");
        assertThat(convo.keyLine()).isEqualTo(1);
        assertThat(convo.keyColumn()).isEqualTo(1);
        List<Documents.Value> steps = list(convo);
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).line()).isEqualTo(2);
        assertThat(steps.get(0).column()).isEqualTo(5);
        assertThat(steps.get(0).keyLine()).isZero();
        Documents.Value bot = map(steps.get(0)).get("bot");
        assertThat(bot.keyLine()).isEqualTo(3);
        assertThat(bot.keyColumn()).isEqualTo(5);
        assertThat(list(bot)).extracting(Documents.Value::content).containsExactly("hello", 2L);
        assertThat(list(bot).get(1).column()).isEqualTo(18);
        assertThat(map(steps.get(1)).get("me").content()).isEqualTo("bye");
    }

    @Test
    @DisplayName("a key written twice keeps its first value; an alias is reported and its value is empty")
    void firstKeyWinsAndAliasIsEmpty() {
        Documents.Tree tree = Documents.tree("x.yml", "a: first\na: second\nb: &x hi\nc: *x\n", true, LIMIT);

        Map<String, Documents.Value> root = map(tree.root());
        assertThat(root.get("a").content()).isEqualTo("first");
        assertThat(root.get("c").content()).isNull();
        assertThat(root.get("c").line()).isEqualTo(4);
        assertThat(tree.problems()).extracting(FileProblem::line).containsExactly(4);
    }

    @Test
    @DisplayName("lists and mappings a syntax error cut short say so; an empty document has no root")
    void cutShortAndEmpty() {
        Documents.Tree broken = Documents.tree("x.json", "{\"convo\": [{\"me\": \"hi\"}, {\"me\": \"bye\" ", false, LIMIT);
        Documents.Tree whole = Documents.tree("x.json", "{\"convo\": [{\"me\": \"hi\"}]}", false, LIMIT);

        assertThat(broken.root().cutShort()).isTrue();
        assertThat(list(map(broken.root()).get("convo")).get(1).cutShort()).isTrue();
        assertThat(broken.problems()).hasSize(1);
        assertThat(whole.root().cutShort()).isFalse();
        assertThat(list(map(whole.root()).get("convo")).get(0).cutShort()).isFalse();
        assertThat(Documents.tree("x.yml", "# nothing\n", true, LIMIT).root()).isNull();
    }

    @Test
    @DisplayName("a '#' that cut a plain YAML text short is given where it stands; none for a comment written as one")
    void commentCut() {
        Documents.Tree tree = Documents.tree("x.yml", "me: order #4711\nbot: fine # a note\n", true, LIMIT);

        Documents.Value me = map(tree.root()).get("me");
        Documents.Value bot = map(tree.root()).get("bot");
        assertThat(me.content()).isEqualTo("order");
        assertThat(me.commentLine()).isEqualTo(1);
        assertThat(me.commentColumn()).isEqualTo(11);
        assertThat(bot.commentLine()).isZero();
        assertThat(bot.commentColumn()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Documents.Value> map(Documents.Value value) {
        assertThat(value.content()).isInstanceOf(Map.class);
        return (Map<String, Documents.Value>) value.content();
    }

    @SuppressWarnings("unchecked")
    private static List<Documents.Value> list(Documents.Value value) {
        assertThat(value.content()).isInstanceOf(List.class);
        return (List<Documents.Value>) value.content();
    }
}
