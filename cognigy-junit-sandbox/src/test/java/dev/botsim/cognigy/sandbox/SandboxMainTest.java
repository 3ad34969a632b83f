package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

    private static String bot() throws URISyntaxException {
        return Path.of(URI.create(SandboxMainTest.class.getResource("/bots/shop-bot.yaml").toURI().toString())).toString();
    }

    @Test
    @DisplayName("item 17: the standalone jar prints the management API URL, its API key (--api-key) and the project id")
    void printsManagementAccess() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (CognigySandbox sandbox = SandboxMain.start(new String[] {"--bot", bot(), "--port", "0", "--api-key", "my-key-42"},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String out = printed.toString(StandardCharsets.UTF_8);
            assertThat(sandbox.managementApiKey()).isEqualTo("my-key-42");
            assertThat(out).contains("management API: " + sandbox.managementUrl())
                    .contains("API key:        my-key-42")
                    .contains("project id:     " + sandbox.projectId())
                    .contains("REST Endpoint:  " + sandbox.endpointUrl());
        }
    }

    @Test
    @DisplayName("without --api-key the sandbox makes up a key; an unknown option is refused")
    void randomKeyAndBadOption() throws Exception {
        try (CognigySandbox sandbox = SandboxMain.start(new String[] {"--bot", bot(), "--port", "0"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertThat(sandbox.managementApiKey()).hasSizeGreaterThanOrEqualTo(32);
        }
        assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", bot(), "--nope"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nope");
    }

    @Test
    @DisplayName("--code-node-flow NAME places the REST Endpoint's Code node once, in that flow: its flowName is NAME on every"
            + " turn while intentFlow stays the flow the intent was found in; without it flowName is the handling flow")
    void codeNodeFlow() throws Exception {
        String marked = "{\"userId\":\"u\",\"sessionId\":\"s\",\"text\":\"where is my order ORD_99\","
                + "\"data\":{\"cognigyJunit\":{\"runId\":\"r\",\"testId\":\"t\",\"turn\":1}}}";
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (CognigySandbox shared = SandboxMain.start(new String[] {"--bot", bot(), "--port", "0", "--code-node-flow", "Test Reporting"}, quiet);
             CognigySandbox perFlow = SandboxMain.start(new String[] {"--bot", bot(), "--port", "0"}, quiet)) {
            String once = post(shared.endpointUrl(), marked);
            assertThat(once).contains("\"flowName\":\"Test Reporting\"").contains("\"intent\":\"check_order\"")
                    .containsPattern("\"intentFlow\":\"[0-9a-f-]{36}\"");
            assertThat(post(perFlow.endpointUrl(), marked)).contains("\"flowName\":\"Order status\"");
        }
        assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", bot(), "--code-node-flow", " "}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--code-node-flow takes the display name");
        assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", bot(), "--code-node-flow"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--code-node-flow needs a value");
    }

    @Test
    @DisplayName("--code-node-at-end-only leaves the NLU output out of a turn that asks the flow's question;"
            + " --default-reply-nesting nests quick replies in data._data._cognigy")
    void endpointShapeFlags() throws Exception {
        String asking = "{\"userId\":\"u\",\"sessionId\":\"s\",\"text\":\"where is my order\","
                + "\"data\":{\"cognigyJunit\":{\"runId\":\"r\",\"testId\":\"t\",\"turn\":1}}}";
        String greeting = "{\"userId\":\"u\",\"sessionId\":\"g\",\"text\":\"hello\"}";
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (CognigySandbox flags = SandboxMain.start(new String[] {"--bot", bot(), "--port", "0", "--code-node-at-end-only",
                "--default-reply-nesting"}, quiet);
             CognigySandbox plain = SandboxMain.start(new String[] {"--bot", bot(), "--port", "0"}, quiet)) {
            assertThat(post(flags.endpointUrl(), asking)).contains("order number").doesNotContain("\"intent\"");
            assertThat(post(plain.endpointUrl(), asking)).contains("\"intent\":\"check_order\"");
            assertThat(post(flags.endpointUrl(), greeting)).contains("\"data\":{\"_data\":{\"_cognigy\":{\"_default\":{\"_quickReplies\"");
            assertThat(post(plain.endpointUrl(), greeting)).contains("\"data\":{\"_cognigy\":{\"_default\":{\"_quickReplies\"");
        }
    }

    private static String post(String url, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    @DisplayName("a value that is not a number, out of range or negative is refused naming the option")
    void badNumbers() throws Exception {
        String bot = bot();
        assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", bot, "--port", "abc"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--port takes a whole number from 0 to 65535, not abc");
        assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", bot, "--port", "99999"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", bot, "--processing-ms", "-5"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--processing-ms takes a whole number from 0");
    }

    @Test
    @DisplayName("a port in use is one line naming the port and what to do, not a stack trace")
    void portInUse() throws Exception {
        try (CognigySandbox first = SandboxMain.start(new String[] {"--bot", bot(), "--port", "0"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            int port = Integer.parseInt(first.baseUrl().substring(first.baseUrl().lastIndexOf(':') + 1));
            assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", bot(), "--port", String.valueOf(port)},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                    .isInstanceOf(SandboxMain.CannotListen.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": ")
                    .hasMessageContaining("--port 0");
        }
    }

    @Test
    @DisplayName("a bot file that does not exist is named with 'no such file'; --help prints the usage to standard output")
    void missingFileAndHelp() {
        assertThatThrownBy(() -> SandboxMain.start(new String[] {"--bot", "no-such-bot.yaml"}, System.out))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageStartingWith("no-such-bot.yaml: cannot read the bot definition: no such file");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertThat(SandboxMain.start(new String[] {"--help"}, new PrintStream(printed, true, StandardCharsets.UTF_8))).isNull();
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("usage: ").contains("--bot FILE");
    }
}
