package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Writes {@code index.html}: one self-contained page (no external assets, so it works opened from a
 * CI artifact) with summary tiles, flow coverage as a bar chart, the intent confusion matrix, the
 * failures with expected against actual and the bot's turns, and filters by outcome and tag. Every
 * value from a test or the bot is escaped: an utterance is user data.
 */
final class HtmlReport {

    private static final int FLUSH_AT = 1 << 16;

    Path write(Path directory, RunInfo run, RunAnalysis analysis, List<SimulationRecord> records) throws IOException {
        Files.createDirectories(directory);
        Path partial = PartialFile.create(directory, ".index.", ".html.part");
        // Streamed: one page for 100,000 simulations is tens of megabytes, too much to build in memory first.
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            StringBuilder html = new StringBuilder(16_384);
            html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cognigy-junit ")
                    .append(esc(run.batchId())).append("</title><style>").append(CSS).append("</style></head><body>");
            html.append("<header><h1>Bot simulations</h1><p>").append(esc(run.batchId())).append(" · backend ")
                    .append(esc(run.backend())).append(" · started ").append(esc(run.started().toString())).append("</p></header>");
            tiles(html, analysis);
            html.append("<section class=\"row\"><div class=\"card\"><h2>Flow coverage</h2>");
            coverageChart(html, analysis);
            html.append("</div><div class=\"card\"><h2>Intent confusion</h2>");
            confusion(html, analysis);
            html.append("</div></section>");
            results(html, records, out);
            html.append("<script>").append(SCRIPT).append("</script></body></html>");
            out.append(html);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return Files.move(partial, directory.resolve("index.html"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void tiles(StringBuilder html, RunAnalysis a) {
        html.append("<section class=\"tiles\">");
        tile(html, "total", String.valueOf(a.total()), "simulations");
        tile(html, "passed", String.valueOf(a.outcomes().get(Outcome.PASSED)), "passed");
        long failing = a.total() - a.outcomes().get(Outcome.PASSED);
        tile(html, failing > 0 ? "failed" : "passed", String.valueOf(failing), "not passed");
        tile(html, "rate", String.format(Locale.ROOT, "%.1f %%", a.passRate() * 100), "pass rate");
        tile(html, a.verdict().status().name().equals("COMPLIANT") ? "passed" : "failed", a.verdict().status().name(),
                "governance (threshold " + a.verdict().threshold().movePointRight(2).stripTrailingZeros().toPlainString() + " %)");
        tile(html, "rate", a.coverage().covered() + " / " + a.coverage().expected(), "expected flows reached");
        if (a.intents().isKnown()) tile(html, "rate", a.intents().covered() + " / " + a.intents().known().size(), "bot intents recognised");
        html.append("</section>");
    }

    private static void tile(StringBuilder html, String kind, String value, String label) {
        html.append("<div class=\"tile ").append(kind).append("\"><b>").append(esc(value)).append("</b><span>")
                .append(esc(label)).append("</span></div>");
    }

    private static void coverageChart(StringBuilder html, RunAnalysis a) {
        Map<String, Long> hits = a.coverage().hits();
        if (hits.isEmpty()) {
            html.append("<p class=\"muted\">No expected flows: name them with <code>flows:</code> in data files.</p>");
            return;
        }
        long max = Math.max(1, hits.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int rowHeight = 26;
        html.append("<svg id=\"coverage\" role=\"img\" aria-label=\"hits per expected flow\" viewBox=\"0 0 560 ")
                .append(hits.size() * rowHeight + 4).append("\" width=\"100%\">");
        int y = 2;
        for (Map.Entry<String, Long> flow : hits.entrySet()) {
            double width = flow.getValue() == 0 ? 0 : Math.max(2, 300.0 * flow.getValue() / max);
            html.append("<text x=\"0\" y=\"").append(y + 17).append("\" class=\"label\">").append(esc(flow.getKey())).append("</text>")
                    .append("<rect x=\"200\" y=\"").append(y + 4).append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", width))
                    .append("\" height=\"16\" class=\"").append(flow.getValue() == 0 ? "miss" : "hit").append("\"></rect>")
                    .append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", 206 + width)).append("\" y=\"").append(y + 17)
                    .append("\" class=\"value\">").append(flow.getValue() == 0 ? "not reached" : flow.getValue() + (flow.getValue() == 1 ? " turn" : " turns")).append("</text>");
            y += rowHeight;
        }
        html.append("</svg>");
        if (!a.transitions().isEmpty()) {
            html.append("<p><b>Flow transitions in conversations:</b> ");
            a.transitions().forEach((from, to) -> to.forEach((next, n) -> html.append("<span class=\"chip\">").append(esc(from))
                    .append(" → ").append(esc(next)).append(" ×").append(n).append("</span> ")));
            html.append("</p>");
        }
        if (!a.misconfigurations().isEmpty()) {
            html.append("<p><b>Misconfigurations:</b> ");
            a.misconfigurations().forEach((flow, codes) -> codes.forEach((code, n) -> html.append("<span class=\"chip failed\">")
                    .append(esc(flow)).append(": ").append(esc(code)).append(" ×").append(n).append("</span> ")));
            html.append("</p>");
        }
    }

    private static void confusion(StringBuilder html, RunAnalysis a) {
        if (a.confusion().isEmpty()) {
            html.append("<p class=\"muted\">No test expected an intent.</p>");
            return;
        }
        TreeSet<String> actual = new TreeSet<>();
        a.confusion().values().forEach(m -> actual.addAll(m.keySet()));
        html.append("<table class=\"matrix\"><tr><th>expected \\ recognised</th>");
        actual.forEach(x -> html.append("<th>").append(esc(x)).append("</th>"));
        html.append("</tr>");
        a.confusion().forEach((expected, row) -> {
            html.append("<tr><th>").append(esc(expected)).append("</th>");
            for (String x : actual) {
                long n = row.getOrDefault(x, 0L);
                html.append("<td class=\"").append(n == 0 ? "" : x.equals(expected) ? "ok" : "bad").append("\">")
                        .append(n == 0 ? "" : n).append("</td>");
            }
            html.append("</tr>");
        });
        html.append("</table>");
    }

    /** Failures first, then the rest, each in run order; {@code html} goes to {@code out} whenever it has grown. */
    private static void results(StringBuilder html, List<SimulationRecord> records, Writer out) throws IOException {
        TreeSet<String> tags = new TreeSet<>();
        records.forEach(r -> tags.addAll(r.tags()));
        html.append("<section class=\"card\"><h2>Simulations</h2><div class=\"filters\">Outcome: ");
        for (Outcome outcome : Outcome.values()) {
            html.append("<label><input type=\"checkbox\" class=\"outcome\" value=\"").append(outcome).append("\" checked> ")
                    .append(outcome.name().toLowerCase(Locale.ROOT)).append("</label>");
        }
        html.append(" Tag: <select id=\"tag\"><option value=\"\">all</option>");
        tags.forEach(t -> html.append("<option>").append(esc(t)).append("</option>"));
        html.append("</select> <span id=\"shown\"></span></div>");
        for (boolean passed : new boolean[] {false, true}) {
            for (SimulationRecord r : records) {
                if ((r.outcome() == Outcome.PASSED) != passed) continue;
                result(html, r);
                if (html.length() >= FLUSH_AT) {
                    out.append(html);
                    html.setLength(0);
                }
            }
        }
        html.append("</section>");
    }

    private static void result(StringBuilder html, SimulationRecord r) {
        html.append("<details class=\"result ").append(r.outcome().name().toLowerCase(Locale.ROOT)).append("\" data-outcome=\"")
                .append(r.outcome()).append("\" data-tags=\"").append(esc(String.join(" ", r.tags()))).append("\"")
                .append(r.outcome() == Outcome.PASSED ? "" : " open").append("><summary><span class=\"chip ")
                .append(r.outcome() == Outcome.PASSED ? "passed" : "failed").append("\">").append(r.outcome()).append("</span> ")
                .append(esc(r.displayName())).append(" <span class=\"muted\">").append(esc(r.testId())).append(" · ")
                .append(esc(r.source())).append(r.line() > 0 ? ":" + r.line() : "").append("</span></summary>");
        if (r.outcome() != Outcome.PASSED) {
            html.append("<div class=\"diff\"><div><h3>Expected</h3><pre>").append(esc(expected(r.expected())))
                    .append("</pre></div><div><h3>Actual</h3><pre>").append(esc(actual(r.actual()))).append("</pre></div></div>");
            if (r.message() != null) html.append("<h3>Message</h3><pre>").append(esc(r.message())).append("</pre>");
        }
        html.append("<h3>Transcript</h3><pre>").append(esc(transcript(r))).append("</pre></details>");
    }

    private static String expected(Expectation e) {
        StringBuilder out = new StringBuilder();
        if (e.intent() != null) out.append("intent: ").append(e.intent()).append('\n');
        if (e.notIntent() != null) out.append("not intent: ").append(e.notIntent()).append('\n');
        e.entities().forEach((k, v) -> out.append("entity ").append(k).append(": ").append(v).append('\n'));
        if (e.nextFlow() != null) out.append("next flow: ").append(e.nextFlow()).append('\n');
        if (e.responseContains() != null) out.append("response contains: ").append(e.responseContains()).append('\n');
        if (e.responseMatches() != null) out.append("response matches: ").append(e.responseMatches()).append('\n');
        if (e.errorCode() != null) out.append("error code: ").append(e.errorCode()).append('\n');
        if (!e.quickReplies().isEmpty()) out.append("quick replies: ").append(e.quickReplies()).append('\n');
        if (!e.buttons().isEmpty()) out.append("buttons: ").append(e.buttons()).append('\n');
        if (!e.responseData().isEmpty()) out.append("response data: ").append(e.responseData()).append('\n');
        return out.length() == 0 ? "(nothing declared)" : out.toString();
    }

    private static String actual(List<BotTurn> turns) {
        if (turns.isEmpty()) return "(no answer)";
        StringBuilder out = new StringBuilder();
        for (BotTurn t : turns) {
            if (t.intent() != null) out.append("intent: ").append(t.intent()).append('\n');
            t.entities().forEach((k, v) -> out.append("entity ").append(k).append(": ").append(v).append('\n'));
            if (t.flowId() != null) out.append("flow: ").append(t.flowId()).append('\n');
            if (t.text() != null) out.append("response: ").append(t.text()).append('\n');
            if (t.hasError()) out.append("error code: ").append(t.errorCode()).append('\n');
        }
        return out.toString();
    }

    private static String transcript(SimulationRecord r) {
        StringBuilder out = new StringBuilder();
        if (r.utterance() != null) out.append("user: ").append(r.utterance()).append('\n');
        r.actual().forEach(t -> out.append("bot:  ").append(t).append('\n'));
        return out.toString();
    }

    /** HTML text and attribute escaping: the five characters that can change markup. */
    static String esc(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            *{box-sizing:border-box}body{font:14px/1.4 system-ui,sans-serif;margin:0;padding:16px 24px;color:#1d2330;background:#f4f6f9;max-width:1280px}
            header h1{margin:0;font-size:22px}header p{margin:2px 0 12px;color:#5b6475}
            .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin-bottom:12px}
            .tile{background:#fff;border-radius:8px;padding:10px 12px;border-left:5px solid #8a94a6}.tile b{display:block;font-size:22px}
            .tile span{color:#5b6475;font-size:12px}.tile.passed{border-color:#2e9d5b}.tile.failed{border-color:#d64545}.tile.rate{border-color:#3b6fd8}
            .row{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-bottom:12px}
            .card{background:#fff;border-radius:8px;padding:12px 16px;min-width:0}h2{font-size:16px;margin:0 0 8px}h3{font-size:12px;margin:8px 0 2px;color:#5b6475}
            svg .label,svg .value{font-size:12px;fill:#1d2330}svg .hit{fill:#3b6fd8}svg .miss{fill:#d64545}
            .matrix{border-collapse:collapse;font-size:12px}.matrix th,.matrix td{border:1px solid #dde2ea;padding:3px 8px;text-align:center}
            .matrix td.ok{background:#d9f2e3}.matrix td.bad{background:#fbdcdc}.muted{color:#5b6475}
            .filters{margin-bottom:8px}.filters label{margin-right:8px}
            details.result{border-top:1px solid #e7eaf0;padding:6px 0}summary{cursor:pointer;overflow-wrap:anywhere}
            .chip{display:inline-block;border-radius:10px;padding:0 8px;font-size:11px;font-weight:600;color:#fff;background:#8a94a6}
            .chip.passed{background:#2e9d5b}.chip.failed{background:#d64545}
            .diff{display:grid;grid-template-columns:1fr 1fr;gap:10px}pre{background:#f4f6f9;padding:6px 8px;margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
            """;

    private static final String SCRIPT = """
            (function(){var boxes=[].slice.call(document.querySelectorAll('input.outcome'));var tag=document.getElementById('tag');
            function apply(){var on=boxes.filter(function(b){return b.checked}).map(function(b){return b.value});var t=tag.value;var n=0;
            [].forEach.call(document.querySelectorAll('details.result'),function(d){var show=on.indexOf(d.dataset.outcome)>=0&&
            (!t||(' '+d.dataset.tags+' ').indexOf(' '+t+' ')>=0);d.style.display=show?'':'none';if(show)n++});
            document.getElementById('shown').textContent=n+' shown'}
            boxes.forEach(function(b){b.addEventListener('change',apply)});tag.addEventListener('change',apply);apply()})();
            """;
}
