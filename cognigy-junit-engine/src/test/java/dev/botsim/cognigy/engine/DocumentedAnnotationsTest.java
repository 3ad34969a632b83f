package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.annotations.ExpectEntities;
import dev.botsim.cognigy.annotations.ExpectEntity;
import dev.botsim.cognigy.annotations.ExpectResponse;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.support.MarkdownBlocks;

/**
 * The annotations README.md and docs/*.md write, in Java blocks and in prose ({@code @Utterance(notIntent)}), against
 * the annotations artifact: every attribute they name is one the annotation has, so a renamed or invented attribute in
 * the docs fails here, at its page and line.
 */
class DocumentedAnnotationsTest {

    private static final Map<String, Class<? extends Annotation>> ANNOTATIONS = Map.of("BotSimulation", BotSimulation.class,
            "Utterance", Utterance.class, "Conversation", Conversation.class, "ExpectEntity", ExpectEntity.class,
            "ExpectEntities", ExpectEntities.class, "ExpectResponse", ExpectResponse.class);

    private static final Pattern USE = Pattern.compile("@(" + String.join("|", ANNOTATIONS.keySet()) + ")\\(");

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    /** A use of an annotation: where it stands and the attributes it names. */
    private record Use(String where, String annotation, List<String> attributes) {
    }

    @Test
    @DisplayName("every attribute the docs give an annotation is one it has")
    void everyAttributeIsReal() {
        List<Use> uses = new ArrayList<>();
        for (String page : MarkdownBlocks.pages()) uses.addAll(uses(page, String.join("\n", MarkdownBlocks.lines(page))));
        assertThat(uses).as("annotations with attributes in the docs").hasSizeGreaterThan(40);

        List<String> unknown = new ArrayList<>();
        for (Use use : uses) {
            List<String> has = Arrays.stream(ANNOTATIONS.get(use.annotation()).getDeclaredMethods()).map(m -> m.getName()).toList();
            use.attributes().stream().filter(a -> !has.contains(a))
                    .forEach(a -> unknown.add(use.where() + ": @" + use.annotation() + "(" + a + ") — it has " + has));
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    @DisplayName("attributes are read as Java reads them: named, bare as the docs name one, or the value given alone")
    void attributesAsJavaReadsThem() {
        String page = "a\n@Utterance(value = \"where is my order (ORD_1), please\", intnt = \"check_order\",\n"
                + "    tags = {\"a\", \"b\"})\n`@Conversation(repeat)` and `@ExpectEntity(name, value)`, `@BotSimulation(\"x\")`";

        assertThat(uses("docs/t.md", page)).containsExactly(
                new Use("docs/t.md:2", "Utterance", List.of("value", "intnt", "tags")),
                new Use("docs/t.md:4", "Conversation", List.of("repeat")),
                new Use("docs/t.md:4", "ExpectEntity", List.of("name", "value")),
                new Use("docs/t.md:4", "BotSimulation", List.of("value")));
    }

    private static List<Use> uses(String page, String text) {
        List<Use> uses = new ArrayList<>();
        Matcher m = USE.matcher(text);
        while (m.find()) {
            int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            List<String> attributes = new ArrayList<>();
            for (String part : arguments(text, m.end())) {
                int eq = topLevelEquals(part);
                String name = eq >= 0 ? part.substring(0, eq).strip() : part.strip();
                // A literal alone is the value attribute: @Utterance("hi"); a name alone is the docs naming an attribute.
                attributes.add(eq >= 0 || NAME.matcher(name).matches() ? name : "value");
            }
            uses.add(new Use(page + ":" + line, m.group(1), attributes));
        }
        return uses;
    }

    /** The comma-separated arguments from {@code start} to the closing parenthesis, quotes and braces respected. */
    private static List<String> arguments(String text, int start) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder part = new StringBuilder();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) quoted = !quoted;
            if (!quoted) {
                if (c == '{' || c == '(') depth++;
                if (c == '}' || (c == ')' && depth > 0)) depth--;
                else if (c == ')') break;
                if (c == ',' && depth == 0) {
                    parts.add(part.toString());
                    part.setLength(0);
                    continue;
                }
            }
            part.append(c);
        }
        if (!part.toString().isBlank()) parts.add(part.toString());
        return parts;
    }

    private static int topLevelEquals(String part) {
        int quote = part.indexOf('"');
        int eq = part.indexOf('=');
        return eq >= 0 && (quote < 0 || eq < quote) ? eq : -1;
    }
}
