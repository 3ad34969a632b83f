package dev.botsim.cognigy.engine.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a sandbox setting points, and what the user is told when nothing readable is there. */
class SandboxFileTest {

    @Test
    @DisplayName("a classpath: value naming a folder of the test class path (bots, bots/, the root) is refused naming the key and"
            + " a file in that folder, before the folder's listing is read as a bot definition")
    void classpathFolder() {
        assertThat(SandboxFile.bot("classpath:bots").missing()).contains("cognigy.sandbox.bot=classpath:bots names a folder on the"
                + " test class path, not a file: write the path of the file in it, as cognigy.sandbox.bot=classpath:bots/my-bot.yaml");
        assertThat(SandboxFile.bot("classpath:/bots/").missing()).contains("cognigy.sandbox.bot=classpath:/bots/ names a folder on"
                + " the test class path, not a file: write the path of the file in it, as cognigy.sandbox.bot=classpath:bots/my-bot.yaml");
        assertThat(SandboxFile.bot("classpath:").missing()).contains("cognigy.sandbox.bot=classpath: names a folder on the test"
                + " class path, not a file: write the path of the file in it, as cognigy.sandbox.bot=classpath:bots/my-bot.yaml");
        assertThat(SandboxFile.playbooks("cognigy.sandbox.playbooks", "classpath:e2e/playbooks").missing()).contains(
                "cognigy.sandbox.playbooks=classpath:e2e/playbooks names a folder on the test class path, not a file: write the path"
                        + " of the file in it, as cognigy.sandbox.playbooks=classpath:e2e/playbooks/my-bot.playbooks.json");
        assertThat(SandboxFile.bot("classpath:bots/order-bot.yaml").missing()).isEmpty();
    }

    @Test
    @DisplayName("a folder inside a jar on the test class path is refused as a folder of the file system is")
    void folderInAJar(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("shared-bots.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry("shared/"));
            entries.closeEntry();
            entries.putNextEntry(new JarEntry("shared/order-bot.yaml"));
            entries.write("bot: order-bot\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            entries.closeEntry();
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
            thread.setContextClassLoader(withJar);
            assertThat(SandboxFile.bot("classpath:shared").missing()).contains("cognigy.sandbox.bot=classpath:shared names a folder"
                    + " on the test class path, not a file: write the path of the file in it, as"
                    + " cognigy.sandbox.bot=classpath:shared/my-bot.yaml");
            assertThat(SandboxFile.bot("classpath:shared/order-bot.yaml").missing()).isEmpty();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    @DisplayName("a path naming a folder is told so, with a file in it as the fix; a path naming a file is found")
    void pathToAFolder(@TempDir Path dir) throws IOException {
        Path bots = Files.createDirectory(dir.resolve("bots"));
        assertThat(SandboxFile.bot(bots.toString()).missing()).contains("cognigy.sandbox.bot=" + bots + " names a folder, not a"
                + " file: write the path of the file in it, as cognigy.sandbox.bot=" + bots.resolve("my-bot.yaml"));
        Path bot = Files.writeString(bots.resolve("order-bot.yaml"), "bot: order-bot\n");
        assertThat(SandboxFile.bot(bot.toString()).missing()).isEmpty();
        assertThat(SandboxFile.bot(dir.resolve("no-such-bot.yaml").toString()).missing()).hasValueSatisfying(missing ->
                assertThat(missing).contains(" is neither a file nor, with classpath:, a resource; write classpath:bots/my-bot.yaml"));
    }

    @Test
    @DisplayName("the embedded sandbox named by a folder fails to start with that message, not with the folder's listing read as"
            + " a bot definition")
    void sandboxRefusesAFolder() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedSandbox.start("classpath:bots", java.time.Duration.ZERO,
                        false, "sandbox", access -> { throw new AssertionError("no sandbox to talk to"); }))
                .isInstanceOf(dev.botsim.cognigy.engine.config.ConfigurationException.class)
                .hasMessage("cognigy.sandbox.bot=classpath:bots names a folder on the test class path, not a file: write the path of"
                        + " the file in it, as cognigy.sandbox.bot=classpath:bots/my-bot.yaml");
    }
}
