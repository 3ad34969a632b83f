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
}
