package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every wither a user may call on {@link SandboxOptions} has its row in docs/sandbox.md's table of options. */
class SandboxOptionsDocumentedTest {

    @Test
    void everyPublicWitherHasARowInTheOptionsTable() throws IOException {
        List<String> tableRows = Files.readAllLines(Path.of("..", "docs", "sandbox.md")).stream()
                .filter(line -> line.startsWith("| ") && line.contains("`with"))
                .toList();
        List<String> withers = Arrays.stream(SandboxOptions.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .filter(name -> name.startsWith("with"))
                .distinct()
                .toList();

        assertThat(withers).isNotEmpty();
        assertThat(withers).allSatisfy(name -> assertThat(tableRows)
                .as("a row of docs/sandbox.md's options table naming `%s(`", name)
                .anyMatch(row -> row.contains("`" + name + "(")));
    }
}
