package dev.botsim.cognigy.engine.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.backend.playbooks.PlaybookTenant;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.generated.PlaybookCompiler;

/**
 * The embedded sandbox as the tenant of {@code cognigy.backend=playbooks}: its playbooks seeded from an export that lies in
 * a jar on the test class path (a shared test-resources artifact) are read from a copy, which goes with the sandbox; its
 * counters are what the run reports of it.
 */
class SandboxPlaybookTenantTest {

    private static final String KEY = "cognigy.sandbox.playbooks";
    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    /** The copies of the seed {@code content} in the temporary folder now (other runs' copies hold other content). */
    private static Set<Path> copies(byte[] content) throws IOException {
        try (Stream<Path> files = Files.list(TEMP)) {
            return files.filter(file -> file.getFileName().toString().startsWith("cognigy-playbooks-")).filter(file -> {
                try {
                    return Arrays.equals(Files.readAllBytes(file), content);
                } catch (IOException gone) {
                    return false;
                }
            }).collect(Collectors.toSet());
        }
    }

    /** A jar holding {@code content} as {@code name}. */
    private static Path jar(Path dir, String name, byte[] content) throws IOException {
        Path jar = dir.resolve("shared-test-resources.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry(name));
            entries.write(content);
            entries.closeEntry();
        }
        return jar;
    }

    /** The order bot's playbook export, made this test's own by a field the sandbox does not read. */
    private static byte[] export() throws IOException {
        try (InputStream in = SandboxPlaybookTenantTest.class.getClassLoader().getResourceAsStream("e2e/playbooks/order-bot.playbooks.json")) {
            String export = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return export.replaceFirst("\\{", "{\"exported-by\": \"" + UUID.randomUUID() + "\", ").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Starts the tenant with the seed {@code seed}, the jar {@code jar} on the thread's class path. */
    private static PlaybookTenant start(Path jar, String seed) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
            thread.setContextClassLoader(withJar);
            return SandboxPlaybookTenant.start("classpath:bots/order-bot.yaml", Optional.of(seed), Duration.ZERO, KEY,
                    UnaryOperator.identity());
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** Whether anything still answers at {@code url}: a stopped sandbox's port refuses the connection. */
    private static boolean answers(String url) throws Exception {
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (java.net.ConnectException e) {
            return false;
        }
    }

    @Test
    @DisplayName("an export inside a jar is copied for the sandbox, which starts with its playbooks; closing the tenant stops the"
            + " sandbox and deletes the copy")
    void seedInAJar(@TempDir Path dir) throws Exception {
        byte[] export = export();
        Path jar = jar(dir, "shared/order-bot.playbooks.json", export);
        PlaybookTenant tenant = start(jar, "classpath:shared/order-bot.playbooks.json");
        try {
            assertThat(copies(export)).hasSize(1);
            HttpResponse<String> playbooks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(tenant.management().apiUrl() + "/new/v2.0/playbooks?projectId=" + tenant.management().projectId()))
                    .header("X-API-Key", tenant.management().apiKey().reveal()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(playbooks.body()).contains("\"name\":\"Order status\"", "\"name\":\"Escalation\"");
            assertThat(tenant.standIn()).hasValueSatisfying(standIn -> assertThat(standIn.counters())
                    .containsEntry("generated-playbooks", "0"));
        } finally {
            tenant.standIn().orElseThrow().close();
        }
        assertThat(copies(export)).isEmpty();
        assertThat(answers(tenant.management().apiUrl())).as("the sandbox stopped with the tenant").isFalse();
    }

    @Test
    @DisplayName("an export inside a jar that is no playbook export: refused naming the key and the page, and its copy deleted")
    void unreadableSeedInAJar(@TempDir Path dir) throws Exception {
        byte[] broken = ("{\"playbooks\": 7, \"exported-by\": \"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        Path jar = jar(dir, "shared/broken.playbooks.json", broken);
        assertThatThrownBy(() -> start(jar, "classpath:shared/broken.playbooks.json")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(KEY + "=classpath:shared/broken.playbooks.json is not a playbook export the sandbox can load: ")
                .hasMessageEndingWith(" (see docs/sandbox.md#playbooks)");
        assertThat(copies(broken)).isEmpty();
    }

    @Test
    @DisplayName("the generated-playbooks counter counts the run's temporary playbooks left at the sandbox, not the project's own")
    void generatedPlaybooksLeftBehind() throws Exception {
        PlaybookTenant tenant = SandboxPlaybookTenant.start("classpath:bots/order-bot.yaml", Optional.empty(), Duration.ZERO, KEY,
                UnaryOperator.identity());
        try (PlaybookTenant.StandIn standIn = tenant.standIn().orElseThrow()) {
            for (String name : List.of(PlaybookCompiler.NAME_PREFIX + "order_status", "Order status (kept)")) {
                HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(tenant.management().apiUrl() + "/new/v2.0/playbooks"))
                        .header("X-API-Key", tenant.management().apiKey().reveal()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"projectId\":\"" + tenant.management().projectId()
                                + "\",\"name\":\"" + name + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            assertThat(standIn.counters()).containsEntry("generated-playbooks", "1");
        }
    }
}
