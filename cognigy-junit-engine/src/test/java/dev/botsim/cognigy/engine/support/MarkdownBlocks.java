package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fenced blocks of the project's user documentation, README.md and docs/*.md, each with the page and line it
 * stands at, so a test that reads what the docs show can say where to fix it. A block's info string is its language
 * and optional {@code name=value} words: {@code ```yaml file=orders.sim.yaml} is the data file {@code orders.sim.yaml}
 * (GitHub shows the language only), as in docs/getting-started.md, whose {@code file=} blocks .ci/getting-started-check
 * writes into a project.
 */
public final class MarkdownBlocks {

    /** The repository's root, seen from a module's tests (Maven and IDEs run them in the module's folder). */
    private static final Path ROOT = Path.of("..");

    private static final String FENCE = "```";

    private MarkdownBlocks() {
    }

    /**
     * A fenced block.
     *
     * @param page       the page, as the repository names it ({@code docs/data-files.md})
     * @param line       the page's line of the opening fence; the block's first line is the page's {@code line + 1}
     * @param language   the info string's first word, {@code ""} without one
     * @param attributes the info string's {@code name=value} words
     * @param text       the block's lines, each ending in a line break, with the fence's indentation taken off
     */
    public record Block(String page, int line, String language, Map<String, String> attributes, String text) {

        public Block {
            attributes = Map.copyOf(attributes);
        }

        /** The file the block is, when its info string names one ({@code file=NAME}). */
        public Optional<String> file() {
            return Optional.ofNullable(attributes.get("file"));
        }

        /** {@code page:line} of the opening fence. */
        public String where() {
            return page + ":" + line;
        }

        /** The page's line of the block's line {@code n} (1-based). */
        public int pageLine(int n) {
            return line + n;
        }
    }

    /** The pages: README.md, then docs/*.md by name. */
    public static List<String> pages() {
        List<String> pages = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName()).filter(p -> p.endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** A page's lines. */
    public static List<String> lines(String page) {
        try {
            return Files.readAllLines(ROOT.resolve(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fenced block of every page, in page order. */
    public static List<Block> all() {
        List<Block> blocks = new ArrayList<>();
        for (String page : pages()) blocks.addAll(of(page, lines(page)));
        return blocks;
    }

    /**
     * The fenced blocks of a page's lines. A fence may be indented (a block inside a list item); its block's lines lose
     * that indentation. A block the page never closes is an error, not a block running to the page's end.
     */
    public static List<Block> of(String page, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String opening = lines.get(i);
            if (!opening.strip().startsWith(FENCE)) continue;
            int indent = opening.indexOf(FENCE);
            String[] info = opening.strip().substring(FENCE.length()).strip().split("\\s+");
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int w = 1; w < info.length; w++) {
                int eq = info[w].indexOf('=');
                if (eq > 0) attributes.put(info[w].substring(0, eq), info[w].substring(eq + 1));
            }
            StringBuilder text = new StringBuilder();
            int start = i;
            for (i++; i < lines.size() && !lines.get(i).strip().equals(FENCE); i++) {
                String line = lines.get(i);
                int cut = Math.min(indent, line.length() - line.stripLeading().length());
                text.append(line.substring(cut)).append('\n');
            }
            if (i == lines.size()) throw new IllegalStateException(page + ":" + (start + 1) + ": a fenced block that is never closed");
            blocks.add(new Block(page, start + 1, info[0], attributes, text.toString()));
        }
        return blocks;
    }
}
