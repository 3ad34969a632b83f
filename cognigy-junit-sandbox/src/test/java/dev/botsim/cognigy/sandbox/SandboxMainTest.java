package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
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
