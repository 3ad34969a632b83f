package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.backend.BotSchema;

/**
 * Two recording runs writing the bot's schema into one replay folder at once (Surefire forks, two terminals): the file is
 * one whole document, so each write replaces it whole, and a reader meanwhile finds one run's schema or the other's,
 * never a file cut short or mixed.
 */
class SchemaFileWritersTest {

    @Test
    @DisplayName("two writers of bot.schema.json at once, a reader meanwhile: every read is one writer's whole schema")
    void writersReplaceTheSchemaWhole(@TempDir Path dir) throws Exception {
        Path file = SchemaFile.in(dir);
        // Large enough that a write not made whole could be read half-way: thousands of flows.
        BotSchema first = schema("a", 3000);
        BotSchema second = schema("b", 3000);
        SchemaFile.write(file, Fingerprint.of(Map.of("bot", "a")), first);
        CyclicBarrier start = new CyclicBarrier(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> read = new CopyOnWriteArrayList<>();
        Thread a = writer(start, file, "a", first, failures);
        Thread b = writer(start, file, "b", second, failures);
        Thread reader = new Thread(() -> {
            try {
                start.await();
                while (writing.get()) {
                    SchemaFile.Read found = SchemaFile.read(dir, file);
                    read.add(found.stored().map(s -> s.recordedAgainst().facts().get("bot") + ":"
                            + s.schema().flows().orElseThrow().stream().allMatch(f -> f.startsWith(s.recordedAgainst().facts().get("bot"))))
                            .orElse("unreadable " + found.notRead().orElse("missing")));
                }
            } catch (Exception e) {
                failures.add(e);
            }
        });
        a.start();
        b.start();
        reader.start();
        a.join();
        b.join();
        writing.set(false);
        reader.join();
        assertThat(failures).isEmpty();
        assertThat(read).isNotEmpty().allMatch(r -> r.equals("a:true") || r.equals("b:true"));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("bot.schema.json");
        }
    }

    private static Thread writer(CyclicBarrier start, Path file, String bot, BotSchema schema, List<Throwable> failures) {
        return new Thread(() -> {
            try {
                start.await();
                for (int i = 0; i < 50; i++) SchemaFile.write(file, Fingerprint.of(Map.of("bot", bot)), schema);
            } catch (Exception e) {
                failures.add(e);
            }
        });
    }

    private static BotSchema schema(String prefix, int flows) {
        Set<String> names = Set.copyOf(IntStream.range(0, flows).mapToObj(i -> prefix + "_flow_" + i).toList());
        return new BotSchema(Optional.of(Set.of()), Optional.of(names), Optional.of(Set.of()), List.of(), true, Optional.empty());
    }
}
