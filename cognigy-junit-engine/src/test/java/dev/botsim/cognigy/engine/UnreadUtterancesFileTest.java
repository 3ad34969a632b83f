package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * A Botium convo's {@code #me} line may name an utterance list held by an utterances file that could not be read (too
 * large, a link out of the folder): it must not go out as text, a wrong test that may even pass, but be a problem at
 * that line naming the file, why, and the fix. With every utterances file read, literal lines stay literal.
 */
class UnreadUtterancesFileTest {

    private static final String CONVO = "order status\n#me\nORDER_QUESTION\n#bot\nINTENT check_order\n";

    private static EngineDiscoveryResults discover(Path convo) {
        return kit(new ScriptedBackend()).configurationParameter(Constants.DISCOVERY_MAX_FILE_SIZE, "200")
                .selectors(selectFile(convo.toFile())).discover();
    }

    private static List<String> tests(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName).toList();
    }

    @Test
    @DisplayName("a #me naming a list only an utterances file larger than the limit holds is a problem at its line naming"
            + " that file, why and the fix, not the list's name sent as text")
    void listInAFileTooLarge(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("orders.utterances.txt"), "ORDER_QUESTION\n" + "where is my order\n".repeat(20));
        Path convo = Files.writeString(root.resolve("order_status.convo.txt"), CONVO);

        List<String> tests = tests(discover(convo));

        assertThat(tests).singleElement().asString().contains("order_status.convo.txt:2: the #me text 'ORDER_QUESTION' names no utterance list"
                        + " that was read, but may name one in orders.utterances.txt (the file has more than 200 bytes)")
                .contains("fix that file (split it if it is too large)");
    }

    @Test
    @DisplayName("a #me naming a list only an utterances file linking out of the folder holds is a problem naming the link")
    void listInAFileLinkingOut(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("suite"));
        Path outside = Files.writeString(dir.resolve("elsewhere.utterances.txt"), "ORDER_QUESTION\nwhere is my order\n");
        Files.createSymbolicLink(root.resolve("orders.utterances.txt"), outside);
        Path convo = Files.writeString(root.resolve("order_status.convo.txt"), CONVO);

        assertThat(tests(discover(convo))).singleElement().asString()
                .contains("'ORDER_QUESTION' names no utterance list that was read")
                .contains("orders.utterances.txt (a link to ").contains("outside");
    }

    @Test
    @DisplayName("a #bot text, negated or not, that may name a list only an unread utterances file holds is a problem at"
            + " its line, not the list's name looked for as text (negated, it would pass whatever the bot says)")
    void botTextMayNameAListOfAnUnreadFile(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("orders.utterances.txt"), "ORDER_ANSWER\n" + "your order is on its way\n".repeat(20));
        Files.writeString(root.resolve("greet.utterances.txt"), "GREET\nhello\n");
        Path negated = Files.writeString(root.resolve("negated.convo.txt"), "negated\n#me\nGREET\n#bot\n!ORDER_ANSWER\n");
        Path plain = Files.writeString(root.resolve("plain.convo.txt"), "plain\n#me\nGREET\n#bot\nORDER_ANSWER\n");

        assertThat(tests(discover(negated))).singleElement().asString()
                .contains("negated.convo.txt:5: the #bot text 'ORDER_ANSWER' names no utterance list that was read, but may"
                        + " name one in orders.utterances.txt (the file has more than 200 bytes)")
                .contains("looked for as text makes a wrong test");
        assertThat(tests(discover(plain))).singleElement().asString()
                .contains("plain.convo.txt:5: the #bot text 'ORDER_ANSWER' names no utterance list that was read");
    }

    @Test
    @DisplayName("with every utterances file read, a #me naming no list is sent as written, and a list's name as its utterances")
    void literalLinesStayWhenEveryFileWasRead(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("greet.utterances.txt"), "GREET\nhello\nhi\n");
        Path convo = Files.writeString(root.resolve("order_status.convo.txt"), CONVO.replace("ORDER_QUESTION", "where is my order"));
        Path greet = Files.writeString(root.resolve("greet.convo.txt"), "greet\n#me\nGREET\n#bot\nINTENT greeting\n");

        EngineDiscoveryResults order = discover(convo);
        assertThat(order.getDiscoveryIssues()).isEmpty();
        assertThat(tests(order)).containsExactly("where is my order");
        assertThat(tests(discover(greet))).containsExactly("hello", "hi");
    }
}
