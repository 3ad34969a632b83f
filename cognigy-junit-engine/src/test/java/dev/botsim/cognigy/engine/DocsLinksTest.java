package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.support.MarkdownBlocks;

/**
 * The links between README.md and docs/*.md lead somewhere: a relative link names a file that exists and, when it
 * names an anchor of a page, a heading of that page, as GitHub makes its anchor (lower case, punctuation but {@code -}
 * and {@code _} dropped, spaces as {@code -}, a repeated heading numbered {@code -1}, {@code -2}). Links inside fenced
 * blocks are text, not links, and are left alone.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("..");

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    @DisplayName("every relative link of README.md and docs/*.md names a file that exists and a heading its page has")
    void everyLinkLeadsSomewhere() {
        List<String> pages = MarkdownBlocks.pages();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (String page : pages) {
            List<String> lines = MarkdownBlocks.lines(page);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) continue;
                Matcher link = LINK.matcher(lines.get(i));
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) continue;
                    links++;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    String anchor = hash < 0 ? "" : target.substring(hash + 1);
                    Path dir = ROOT.resolve(page).getParent();
                    Path linked = file.isEmpty() ? ROOT.resolve(page) : dir.resolve(file).normalize();
                    if (!Files.exists(linked)) {
                        broken.add(page + ":" + (i + 1) + ": " + target + " (no such file)");
                    } else if (!anchor.isEmpty() && linked.toString().endsWith(".md")
                            && !anchors(ROOT.relativize(linked).toString()).contains(anchor)) {
                        broken.add(page + ":" + (i + 1) + ": " + target + " (no such heading)");
                    }
                }
            }
        }
        // A reader that stopped finding links must not pass by checking none.
        assertThat(links).isGreaterThan(100);
        assertThat(broken).as("links between the docs pages that lead nowhere").isEmpty();
    }

    @Test
    @DisplayName("a heading's anchor is made as GitHub makes it")
    void anchorsAsGitHubMakesThem() {
        assertThat(anchor("Secrets too short to be masked")).isEqualTo("secrets-too-short-to-be-masked");
        assertThat(anchor("7. Several bots")).isEqualTo("7-several-bots");
        assertThat(anchor("`cognigy.shard` and `merge`")).isEqualTo("cognigyshard-and-merge");
        assertThat(anchor("Which flow handled the turn: intentFlow, or per-flow placement"))
                .isEqualTo("which-flow-handled-the-turn-intentflow-or-per-flow-placement");
    }

    private static final Map<String, Set<String>> ANCHORS = new HashMap<>();

    private static Set<String> anchors(String page) {
        return ANCHORS.computeIfAbsent(page.replace('\\', '/'), p -> {
            Set<String> anchors = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            for (String line : MarkdownBlocks.lines(p)) {
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (fenced || !heading.matches()) continue;
                String slug = anchor(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
            return anchors;
        });
    }

    /** GitHub's anchor of a heading's text: a link keeps its text, code its content. */
    private static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }
}
