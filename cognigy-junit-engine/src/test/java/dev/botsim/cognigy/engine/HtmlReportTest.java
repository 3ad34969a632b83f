package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.botsim.cognigy.engine.reporting.HeadlessChromium.assumeInstalled;
import static dev.botsim.cognigy.engine.reporting.HeadlessChromium.dom;
import static dev.botsim.cognigy.engine.reporting.HeadlessChromium.screenshot;
import static dev.botsim.cognigy.engine.reporting.HeadlessChromium.withoutPolicy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTML report as a person opens it: escaped, self-contained, and working in a real browser. */
class HtmlReportTest {

    private Path report(Path dir) {
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectClasspathResource("fixtures/html/report.sim.yaml")).execute();
        return dir.resolve("index.html");
    }

    @Test
    @DisplayName("a bot misconfiguration shows its message's first line as the message and the answer once, in the"
            + " transcript block, not again at the message's end")
    void misconfigurationTranscriptOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("refund.sim.yaml"), "cases:\n  - id: test_refund\n    utterance: I want a refund\n"
                + "    expect: { intent: request_refund }\n");
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(dir.resolve("refund.sim.yaml").toFile()))
                .execute();
        String html = Files.readString(dir.resolve("reports/index.html"), StandardCharsets.UTF_8);

        assertThat(html).contains("<p class=\"label\">Message</p><pre>bot misconfiguration FLOW_NOT_DEPLOYED: flow flow_refund"
                + " is not deployed</pre>", "<p class=\"label\">Transcript</p><pre>user: I want a refund");
        // The list of results not passed says why each did in a line of its own; the result itself, below it, says so once.
        String result = html.substring(html.indexOf("id=\"section-simulations"));
        assertThat(result.split("flow flow_refund is not deployed", -1)).as("the bot's error once in the message, once in"
                + " the transcript's turn").hasSize(3);
        String notPassed = html.substring(html.indexOf("id=\"section-not-passed"), html.indexOf("id=\"section-simulations"));
        assertThat(notPassed.split("flow flow_refund is not deployed", -1)).as("once in the list of results not passed").hasSize(2);
    }

    @Test
    @DisplayName("index.html is self-contained and shows user data as text: an utterance with <script> cannot run")
    void escapedAndSelfContained(@TempDir Path dir) throws Exception {
        String html = Files.readString(report(dir), StandardCharsets.UTF_8);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; I want a human")
                .doesNotContain("<script>alert(1)")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import");
        assertThat(html).contains("flow_billing", "not reached", "check_order", "FLOW_NOT_DEPLOYED");
    }

    @Test
    @DisplayName("in headless Chromium the page's script runs without error and the figures are on the page")
    void rendersInChromium(@TempDir Path dir) throws Exception {
        assumeInstalled();
        Path page = report(dir);
        String dom = dom(page.toUri().toString());
        // "8 shown" is written by the page's script: it ran, and it counted every simulation.
        assertThat(dom).contains("8 shown").contains("REVIEW_REQUIRED").contains("2 / 4");
        Path screenshot = Path.of("target/report-screenshot.png").toAbsolutePath();
        screenshot(page, 1280, 900, screenshot);
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    @DisplayName("a shard's own page says it is one part of a split run and gives its verdict as deferred to merge, not as the run's")
    void partOfASplitRun(@TempDir Path dir) throws Exception {
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.SHARD, "1/1")
                .selectors(selectClasspathResource("fixtures/html/report.sim.yaml")).execute();
        Path page;
        try (var found = Files.find(dir.resolve("run-42"), 2, (p, a) -> p.getFileName().toString().equals("index.html"))) {
            page = found.findFirst().orElseThrow();
        }
        String html = Files.readString(page, StandardCharsets.UTF_8);

        assertThat(html).contains("<strong>one part of a split run (run run-42, shard 1/1): its figures are this part's;"
                        + " merge the parts for the run's</strong>")
                .contains("<div class=\"tile total verdict\"><b>DEFERRED</b><span>governance: deferred to merge (this part alone:"
                        + " 5 of 8 passed; threshold 95 %)</span></div>")
                .doesNotContain("REVIEW_REQUIRED");
        assertThat(Files.readString(report(dir.resolve("whole")), StandardCharsets.UTF_8))
                .contains("<b>REVIEW_REQUIRED</b>").doesNotContain("split run", "DEFERRED");
    }

    @Test
    @DisplayName("index.html#<test id> opens that result, closed as a passed one is, and shows it though a filter hid it")
    void anchorOpensTheResult(@TempDir Path dir) throws Exception {
        assumeInstalled();
        Path page = report(dir);
        String closed = dom(page.toUri().toString(), 1280, 900);
        assertThat(closed).contains("<details id=\"test_html_hello\" class=\"result passed\" data-outcome=\"PASSED\" data-tags=\"[&quot;html&quot;]\">");

        String opened = dom(page.toUri() + "#test_html_hello", 1280, 900);
        assertThat(opened).contains("<details id=\"test_html_hello\" class=\"result passed\" data-outcome=\"PASSED\" data-tags=\"[&quot;html&quot;]\" open=\"\">");

        // Passed results hidden by their checkbox, then a link to one followed: the filter gives way.
        Path filtered = dir.resolve("filtered.html");
        Files.writeString(filtered, withoutPolicy(Files.readString(page)).replace("</body>", "<script>var b=document.querySelector('input[value=PASSED]');"
                + "b.checked=false;b.dispatchEvent(new Event('change'));location.hash='test_html_hello'</script></body>"));
        String followed = dom(filtered.toUri().toString(), 1280, 900);
        assertThat(followed).contains("<details id=\"test_html_hello\" class=\"result passed\" data-outcome=\"PASSED\" data-tags=\"[&quot;html&quot;]\" open=\"\" style=\"\">")
                .contains("8 shown");
    }

    @Test
    @DisplayName("every badge's text and the flows never reached stand out from their background by 4.5 to 1 at least (WCAG AA)")
    void contrast(@TempDir Path dir) throws Exception {
        assumeInstalled();
        Path page = report(dir);
        Path checked = dir.resolve("contrast.html");
        Files.writeString(checked, withoutPolicy(Files.readString(page)).replace("</body>", "<script>" + CONTRAST_CHECK + "</script></body>"));

        String dom = dom(checked.toUri().toString(), 1280, 900);

        String marker = "<pre id=\"contrast-check\">";
        int at = dom.indexOf(marker);
        assertThat(at).as("the contrast check's result").isNotNegative();
        assertThat(dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip().lines().toList())
                .as("text below 4.5:1").containsExactly("checked 11");
    }

    /**
     * Adds a badge of each kind the stylesheet has, then lists every badge and red flow name whose text has less than
     * 4.5:1 contrast with the background behind it (WCAG's relative luminance), then "checked" and how many it measured.
     */
    private static final String CONTRAST_CHECK = """
            (function(){var kinds=['','passed','failed','skipped','expected','replayed','rerun','approval','flaky'];var box=document.createElement('p');
            kinds.forEach(function(k){var s=document.createElement('span');s.className='chip '+k;s.textContent=k||'plain';box.appendChild(s)});
            document.body.appendChild(box);
            function rgb(c){return c.match(/[0-9.]+/g).slice(0,4).map(Number)}
            function lum(c){var v=rgb(c).slice(0,3).map(function(x){x/=255;return x<=0.03928?x/12.92:Math.pow((x+0.055)/1.055,2.4)});
            return 0.2126*v[0]+0.7152*v[1]+0.0722*v[2]}
            function bg(e){for(;e;e=e.parentElement){var c=getComputedStyle(e).backgroundColor;var a=rgb(c);if(a.length<4||a[3]>0)return c}return 'rgb(255,255,255)'}
            var out=[];var n=0;[].forEach.call(box.querySelectorAll('.chip'),function(e){check(e)});
            [].forEach.call(document.querySelectorAll('.bar.miss .name'),function(e){check(e)});
            function check(e){n++;var a=lum(getComputedStyle(e).color),b=lum(bg(e));var r=(Math.max(a,b)+0.05)/(Math.min(a,b)+0.05);
            if(r<4.5)out.push(e.className+' "'+e.textContent+'" '+r.toFixed(2))}
            out.push('checked '+n);var pre=document.createElement('pre');pre.id='contrast-check';pre.textContent=out.join('\\n');document.body.appendChild(pre)})();
            """;

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1280, 390, 320})
    @DisplayName("item 13: no text is clipped or spills out of its box, and the page never scrolls sideways; at 320 px too,"
            + " the width WCAG 1.4.10 (reflow) asks a page to work at")
    void nothingClipped(int width, @TempDir Path dir) throws Exception {
        assumeInstalled();
        Path page = report(dir);
        // Chromium's window is at least 500 px wide: the page is opened in a frame of the width to check.
        Files.writeString(dir.resolve("checked.html"), withoutPolicy(Files.readString(page)).replace("</body>", "<script>" + CLIP_CHECK + "</script></body>"));
        Path frame = dir.resolve("frame-" + width + ".html");
        Files.writeString(frame, "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"checked.html\" style=\"width:" + width
                + "px;height:1600px;border:0\"></iframe><pre id=\"clip-check\"></pre><script>addEventListener('message',function(e){"
                + "document.getElementById('clip-check').textContent=e.data})</script></body></html>");

        String dom = dom(frame.toUri().toString(), 1300, 1600);
        screenshot(frame, 1300, 1600, Path.of("target/report-screenshot-" + width + ".png").toAbsolutePath());

        String marker = "<pre id=\"clip-check\">";
        int at = dom.indexOf(marker);
        assertThat(at).as("the frame's report").isNotNegative();
        String found = dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip();
        assertThat(found.lines().toList()).as("what the page cuts off at " + width + " px").containsExactly("checked");
    }

    /**
     * Lists, in a {@code <pre id="clip-check">} the dump shows, every box whose content is wider than the box
     * (scrollWidth over clientWidth: the text is cut off, or spills over what follows) unless the box scrolls on
     * purpose, SVG text drawn smaller than 10 px, a page wider than the window, and a short word (12 characters at
     * most: a column's heading, a figure, an outcome) broken across lines outside the transcripts; then "checked". Posted to the
     * frame's parent, which shows it.
     */
    private static final String CLIP_CHECK = """
            (function(){var out=[];var els=document.querySelectorAll('body *');
            for(var i=0;i<els.length;i++){var e=els[i];var cs=getComputedStyle(e);
            if(cs.display==='none'||cs.display==='inline'||cs.display==='contents'||e.tagName==='SCRIPT'||e.closest('svg'))continue;
            if(cs.overflowX==='auto'||cs.overflowX==='scroll')continue;
            if(e.scrollWidth>e.clientWidth+1)out.push(e.tagName.toLowerCase()+'.'+e.className+' "'+e.textContent.trim().slice(0,40)+'" '+e.scrollWidth+' > '+e.clientWidth);}
            [].forEach.call(document.querySelectorAll('svg text'),function(t){var h=t.getBoundingClientRect().height;
            if(h>0&&h<10)out.push('svg text "'+t.textContent+'" drawn '+h.toFixed(1)+' px high');});
            var root=document.documentElement;if(root.scrollWidth>root.clientWidth)out.push('the page is '+root.scrollWidth+' px wide in a '+root.clientWidth+' px window');
            var walk=document.createTreeWalker(document.body,NodeFilter.SHOW_TEXT);var node;while((node=walk.nextNode())){
            if(!node.parentElement||node.parentElement.closest('script,style,pre')||!node.parentElement.getClientRects().length)continue;
            var re=/[^\\s-]+/g,m;while((m=re.exec(node.data))){if(m[0].length>12)continue;var r=document.createRange();
            r.setStart(node,m.index);r.setEnd(node,m.index+m[0].length);var tops={};[].forEach.call(r.getClientRects(),function(x){if(x.width>0)tops[Math.round(x.top)]=1});
            if(Object.keys(tops).length>1)out.push(node.parentElement.tagName.toLowerCase()+'.'+node.parentElement.className+' breaks the word "'+m[0]+'"');}}
            out.push('checked');parent.postMessage(out.join('\\n'),'*');})();
            """;

    @Test
    @DisplayName("printed on A4 paper (718 px), no table is cut off: a box that scrolls sideways on screen cannot on paper, and the"
            + " coverage and intent cards stand one under the other, each the page's width")
    void printed(@TempDir Path dir) throws Exception {
        assumeInstalled();
        Path page = report(dir);
        Files.writeString(dir.resolve("printed.html"), withoutPolicy(Files.readString(page)).replace("</body>", "<script>" + PRINT_CHECK + "</script></body>"));
        Path frame = dir.resolve("frame-print.html");
        Files.writeString(frame, "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"printed.html\" style=\"width:718px;height:1600px;border:0\">"
                + "</iframe><pre id=\"print-check\"></pre><script>addEventListener('message',function(e){"
                + "document.getElementById('print-check').textContent=e.data})</script></body></html>");

        String dom = dom(frame.toUri().toString(), 1300, 1600);

        String marker = "<pre id=\"print-check\">";
        int at = dom.indexOf(marker);
        assertThat(at).as("the frame's report").isNotNegative();
        assertThat(dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip().lines().toList())
                .as("what paper would cut off").containsExactly("checked");
    }

    /**
     * Applies the page's print rules on screen (as the browser does when it prints), then lists every box whose content is
     * wider than the box though paper cannot scroll it, and every element reaching past the page's right edge; then
     * "checked". Posted to the frame's parent, which shows it.
     */
    private static final String PRINT_CHECK = """
            (function(){var out=[];[].forEach.call(document.styleSheets,function(sheet){[].slice.call(sheet.cssRules).forEach(function(rule){
            if(rule.media&&rule.media.mediaText==='print')[].forEach.call(rule.cssRules,function(r){sheet.insertRule(r.cssText,sheet.cssRules.length)})})});
            var width=document.documentElement.clientWidth;var els=document.querySelectorAll('body *');
            for(var i=0;i<els.length;i++){var e=els[i];var cs=getComputedStyle(e);if(cs.display==='none'||e.tagName==='SCRIPT')continue;
            if(cs.overflowX!=='visible'&&e.scrollWidth>e.clientWidth+1)out.push(e.tagName.toLowerCase()+'.'+e.className+' hides '+(e.scrollWidth-e.clientWidth)+' px');
            var r=e.getBoundingClientRect();if(r.width>0&&r.right>width+1)out.push(e.tagName.toLowerCase()+'.'+e.className+' reaches '+Math.round(r.right)+' px');}
            out.push('checked');parent.postMessage(out.join('\\n'),'*');})();
            """;
}
