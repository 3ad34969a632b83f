package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsoleTextTest {

    @Test
    @DisplayName("item 20: line breaks, tabs, C0 and C1 controls and Unicode line/paragraph separators are escaped visibly")
    void escapesEveryLineBreakingCharacter() {
        assertThat(ConsoleText.oneLine("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
        assertThat(ConsoleText.oneLine("nul\u0000 esc\u001b[31m del\u007f")).isEqualTo("nul\\u0000 esc\\u001b[31m del\\u007f");
        assertThat(ConsoleText.oneLine("nel\u0085 csi\u009b")).isEqualTo("nel\\u0085 csi\\u009b");
        assertThat(ConsoleText.oneLine("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
        assertThat(ConsoleText.oneLine("x\f\u000by")).isEqualTo("x\\u000c\\u000by");
    }

    @Test
    @DisplayName("the noncharacters U+FFFE and U+FFFF, which XML 1.0 forbids and Surefire writes into its reports as they are,"
            + " are escaped visibly; the last characters XML allows are left alone")
    void escapesXmlIllegalNoncharacters() {
        assertThat(ConsoleText.oneLine("a\uFFFEb\uFFFFc")).isEqualTo("a\\ufffeb\\uffffc");
        assertThat(ConsoleText.visible("a\uFFFF")).isEqualTo("a\\uffff");
        String allowed = "\uFFFD \uFFFC \uE000 \uD7FF";
        assertThat(ConsoleText.oneLine(allowed)).isSameAs(allowed);
    }

    @Test
    @DisplayName("item 20: a forged [cognigy] line stays inside the line that carries it")
    void forgedLineStaysInside() {
        String line = ConsoleText.oneLine("[cognigy] misconfiguration in flow_x\r\n[cognigy] governance: COMPLIANT");
        assertThat(line.lines()).hasSize(1);
        assertThat(line).isEqualTo("[cognigy] misconfiguration in flow_x\\r\\n[cognigy] governance: COMPLIANT");
    }

    @Test
    @DisplayName("ordinary text is left as it is: letters of any script, symbols, backslashes of Windows paths")
    void ordinaryTextUnchanged() {
        String text = "[cognigy] 20/100 done — ETA 16 s, E_TIMEOUT ×2, größe, 注文, مرحبا, 👍 👨\u200d👩\u200d👧, C:\\work\\reports\\index.html";
        assertThat(ConsoleText.oneLine(text)).isSameAs(text);
        assertThat(ConsoleText.oneLine(null)).isEqualTo("null");
    }

    @Test
    @DisplayName("a bidirectional override or isolate is escaped: it cannot reorder the rest of the line it is printed in")
    void escapesBidiControls() {
        assertThat(ConsoleText.oneLine("flow_x\u202Eevil: DEPLOYED")).isEqualTo("flow_x\\u202eevil: DEPLOYED");
        assertThat(ConsoleText.oneLine("a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069"))
                .isEqualTo("a\\u202ab\\u202bc\\u202cd\\u202de\\u2066f\\u2067g\\u2068h\\u2069");
    }

    @Test
    @DisplayName("half of a surrogate pair is escaped, so an answer cut inside an emoji does not cut the line where it is encoded")
    void escapesLoneSurrogates() {
        assertThat(ConsoleText.oneLine("cut \uD83D here")).isEqualTo("cut \\ud83d here");
        assertThat(ConsoleText.oneLine("cut \uDC4D here")).isEqualTo("cut \\udc4d here");
        assertThat(ConsoleText.oneLine("end \uD83D")).isEqualTo("end \\ud83d");
        assertThat(ConsoleText.oneLine("\uDC4D\uD83D")).isEqualTo("\\udc4d\\ud83d");
        assertThat(ConsoleText.oneLine("whole \uD83D\uDC4D and cut \uD83D")).isEqualTo("whole 👍 and cut \\ud83d");
    }

    @Test
    @DisplayName("##vso[ (the Azure Pipelines agent's command, read anywhere in a line) and ##[ (GitHub's older form, the same)"
            + " have their second '#' written \\u0023, whatever their case and however many '#' lead them; a lone '#', '##'"
            + " before other text and a '[' after one '#' are left alone")
    void breaksCiLogCommands() {
        assertThat(ConsoleText.oneLine("Hi ##vso[task.setvariable variable=x]y"))
                .isEqualTo("Hi #\\u0023vso[task.setvariable variable=x]y");
        assertThat(ConsoleText.oneLine("##[set-output name=v]ok and ##VSO[task.complete result=Succeeded]"))
                .isEqualTo("#\\u0023[set-output name=v]ok and #\\u0023VSO[task.complete result=Succeeded]");
        assertThat(ConsoleText.oneLine("###vso[x.y]z ####[error]")).isEqualTo("##\\u0023vso[x.y]z ###\\u0023[error]");
        assertThat(ConsoleText.visible("##\nvso[ ##vso[")).isEqualTo("##\\nvso[ #\\u0023vso[");
        String plain = "# heading, ## more, #[tag], C# [x], ##vs[, ##vso";
        assertThat(ConsoleText.oneLine(plain)).isSameAs(plain);
        assertThat(ConsoleText.oneLine("a##vso[b##[c")).doesNotContain("##vso[", "##[");
    }

    @Test
    @DisplayName("a text starting with '::…::', after spaces of any kind, has its first ':' written \\u003a: GitHub's runner"
            + " reads no workflow command in a line it starts; '::' further along, or without a second '::' (::1), is left"
            + " alone")
    void textStartingAWorkflowCommand() {
        assertThat(ConsoleText.oneLine("::error title=x::forged")).isEqualTo("\\u003a:error title=x::forged");
        assertThat(ConsoleText.oneLine("\u2007 ::add-mask::x")).isEqualTo("\u2007 \\u003a:add-mask::x");
        assertThat(ConsoleText.visible("::stop-commands::t")).isEqualTo("\\u003a:stop-commands::t");
        for (String plain : new String[] {"::1", "a ::b::c", "x::y::z", ":: nothing"}) {
            assertThat(ConsoleText.oneLine(plain)).isSameAs(plain);
        }
    }

    @Test
    @DisplayName("a text starting with '::' whose closing '::' has a character between its two ':' that .NET's comparison by"
            + " culture ignores (a zero-width space, a soft hyphen, a word joiner, a BOM), which GitHub's runner still reads as"
            + " the command's end, has its first ':' written \\u003a; an IPv6 address's '::1' or '::ffff:10.0.0.1' is left alone")
    void workflowCommandWhoseEndHidesACharacterTheRunnerIgnores() {
        for (char ignored : new char[] {'\u200b', '\u00ad', '\u2060', '\ufeff', '\u200d'}) {
            String forged = "::error title=x:" + ignored + ":forged";
            assertThat(ConsoleText.oneLine(forged)).isEqualTo("\\u003a" + forged.substring(1));
        }
        for (String plain : new String[] {"::1", "::ffff:10.0.0.1", ":: a: b"}) {
            assertThat(ConsoleText.oneLine(plain)).isSameAs(plain);
        }
    }

    @Test
    @DisplayName("a console line starting with '::…::', after spaces of any kind, has its first ':' written \\u003a: GitHub's"
            + " runner reads no workflow command in it; '::' further along is left alone")
    void printedLineIsNoWorkflowCommand() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        ConsoleText.println(out, "::error::forged");
        ConsoleText.println(out, " \u00a0\u3000::add-mask::x");
        ConsoleText.println(out, "[cognigy] a::b ::c::");
        ConsoleText.printLines(out, "[cognigy] refused:\n  ::stop-commands::token");
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines()).containsExactly("\\u003a:error::forged",
                " \u00a0\u3000\\u003a:add-mask::x", "[cognigy] a::b ::c::", "[cognigy] refused:", "  \\u003a:stop-commands::token");
    }

    @Test
    @DisplayName("visible: every character a reader cannot tell from a space or nothing is written as its code, the first"
            + " and last of each range among them, however many stand in a text; the joiners and the letters around them"
            + " are left")
    void visibleRanges() {
        assertThat(ConsoleText.visible("a\u2000b\u200Bc")).isEqualTo("a\\u2000b\\u200bc");
        assertThat(ConsoleText.visible("\u2060x\u2064")).isEqualTo("\\u2060x\\u2064");
        assertThat(ConsoleText.visible("1\u00A0000\u202F000 \u00AD\u061C\u200E\u200F\u205F\uFEFF"))
                .isEqualTo("1\\u00a0000\\u202f000 \\u00ad\\u061c\\u200e\\u200f\\u205f\\ufeff");
        String joined = "\u1FFF\u200C\u200D\u2065 \uD83D\uDC68\u200D\uD83D\uDCBB";
        assertThat(ConsoleText.visible(joined)).isEqualTo(joined);
    }
}
