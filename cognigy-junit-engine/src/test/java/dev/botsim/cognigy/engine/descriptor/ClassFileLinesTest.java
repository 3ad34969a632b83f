package dev.botsim.cognigy.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source file and a method's first line, read from the class file the test's own classes were compiled to; the
 * lines expected are found in this file, at the comments marking them.
 */
class ClassFileLinesTest {

    private static final Path SOURCE = Path.of("src/test/java/dev/botsim/cognigy/engine/descriptor/ClassFileLinesTest.java");

    @TempDir
    Path folder;

    /** The one line of this file marked {@code //@first <key>}. */
    private static int markedLine(String key) throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int[] marked = IntStream.range(0, lines.size()).filter(i -> lines.get(i).endsWith("//@first " + key)).toArray();
        assertThat(marked).as("lines marked %s", key).hasSize(1);
        return marked[0] + 1;
    }

    @Test
    @DisplayName("a method's first line is its first statement's, in the source file the class file names")
    void firstStatement() throws Exception {
        ClassFileLines lines = ClassFileLines.of(Sample.class);

        assertThat(lines.sourceFile()).contains("ClassFileLinesTest.java");
        assertThat(lines.firstLine(Sample.class.getDeclaredMethod("refund", String.class))).isEqualTo(markedLine("refund(String)"));
    }

    @Test
    @DisplayName("overloads are told apart by their descriptors")
    void overloads() throws Exception {
        ClassFileLines lines = ClassFileLines.of(Sample.class);

        assertThat(lines.firstLine(Sample.class.getDeclaredMethod("refund"))).isEqualTo(markedLine("refund()"));
        assertThat(lines.firstLine(Sample.class.getDeclaredMethod("refund", String.class))).isEqualTo(markedLine("refund(String)"));
        assertThat(lines.firstLine(Sample.class.getDeclaredMethod("refund", int.class, String[].class)))
                .isEqualTo(markedLine("refund(int, String[])"));
        assertThat(lines.firstLine("refund", "(J)V")).as("no such overload").isEqualTo(-1);
    }

    @Test
    @DisplayName("an empty body's first line is its closing brace's, where its return is")
    void emptyBody() throws Exception {
        assertThat(ClassFileLines.of(Sample.class).firstLine(Sample.class.getDeclaredMethod("empty"))).isEqualTo(markedLine("empty()"));
    }

    @Test
    @DisplayName("a covariant override is not taken for the bridge method javac adds beside it, at the class's line")
    void bridge() throws Exception {
        Method bridge = Arrays.stream(Covariant.class.getDeclaredMethods()).filter(Method::isBridge).findFirst().orElseThrow();
        Method override = Covariant.class.getDeclaredMethod("value");
        ClassFileLines lines = ClassFileLines.of(Covariant.class);

        assertThat(override.isBridge()).isFalse();
        assertThat(lines.firstLine(override)).isEqualTo(markedLine("Covariant.value()"));
        assertThat(lines.firstLine(bridge)).isEqualTo(markedLine("class Covariant"));
    }

    @Test
    @DisplayName("the source file is the class file's, not one guessed from the class's name (a Kotlin file, a second top-level class)")
    void sourceFileAsCompiled() throws Exception {
        assertThat(ClassFileLines.of(SecondTopLevelClass.class).sourceFile()).contains("ClassFileLinesTest.java");

        byte[] kotlin = replaceUtf8(classFile(Sample.class), "ClassFileLinesTest.java", "OrdersTest.kt");
        ClassFileLines lines = ClassFileLines.parse(kotlin);
        assertThat(lines.sourceFile()).contains("OrdersTest.kt");
        assertThat(lines.firstLine(Sample.class.getDeclaredMethod("refund"))).isEqualTo(markedLine("refund()"));
    }

    @Test
    @DisplayName("a class compiled without line numbers has none; without -g:source, no source file either")
    void compiledWithoutDebugInformation() throws IOException {
        assertThat(ClassFileLines.parse(compile("-g:source"))).satisfies(lines -> {
            assertThat(lines.sourceFile()).contains("Orders.java");
            assertThat(lines.firstLine("refund", "()V")).isEqualTo(-1);
        });
        assertThat(ClassFileLines.parse(compile("-g:none"))).satisfies(lines -> {
            assertThat(lines.sourceFile()).isEmpty();
            assertThat(lines.firstLine("refund", "()V")).isEqualTo(-1);
        });
        assertThat(ClassFileLines.parse(compile("-g")).firstLine("refund", "()V")).isEqualTo(3);
    }

    @Test
    @DisplayName("a class of a loader of its own (an IDE's, a forked build's) is read through it, interfaces, exception tables"
            + " and a constant pool of more than 255 entries included")
    void largeClassOfItsOwnLoader() throws Exception {
        StringBuilder constants = new StringBuilder();
        for (int i = 0; i < 200; i++) constants.append("        System.out.println(\"reason ").append(i).append("\");\n");
        Path source = Files.writeString(folder.resolve("Orders.java"), """
                public class Orders implements Runnable, java.io.Serializable {
                    public void run() {
                        try {
                            refund();
                        } catch (IllegalStateException e) {
                            System.out.println(e);
                        }
                    }
                    public void refund() {
                %s    }
                }
                """.formatted(constants));
        Path classes = Files.createDirectories(folder.resolve("large"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-g", "-d", classes.toString(), source.toString())).isZero();
        byte[] bytes = Files.readAllBytes(classes.resolve("Orders.class"));
        assertThat(((bytes[8] & 0xFF) << 8) | (bytes[9] & 0xFF)).as("constant pool count").isGreaterThan(400);

        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {
            Class<?> loaded = loader.loadClass("Orders");
            ClassFileLines lines = ClassFileLines.of(loaded);
            assertThat(lines.sourceFile()).contains("Orders.java");
            assertThat(lines.firstLine(loaded.getDeclaredMethod("run"))).isEqualTo(4);
            assertThat(lines.firstLine(loaded.getDeclaredMethod("refund"))).isEqualTo(10);
        }
    }

    @Test
    @DisplayName("a class without a class file to read (its loader has none, or it has no loader) has no lines")
    void noClassFile() throws Exception {
        byte[] bytes = compile("-g");
        Class<?> loaded = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.loadClass("Orders");

        assertThat(loaded.getClassLoader().getResource("Orders.class")).isNull();
        assertThat(ClassFileLines.of(loaded).sourceFile()).isEmpty();
        assertThat(ClassFileLines.of(loaded).firstLine(loaded.getDeclaredMethod("refund"))).isEqualTo(-1);
        assertThat(ClassFileLines.of(String.class).sourceFile()).isEmpty();
    }

    @Test
    @DisplayName("bytes that are no class file, or a damaged one, give no source file and no lines, and throw nothing")
    void malformed() throws Exception {
        byte[] real = classFile(Sample.class);
        byte[] badTag = real.clone();
        badTag[10] = 99; // the first constant's tag
        byte[] hugeCount = real.clone();
        hugeCount[8] = (byte) 0xFF; // the constant pool's count
        hugeCount[9] = (byte) 0xFF;

        for (byte[] bytes : List.of(new byte[0], "not a class".getBytes(StandardCharsets.UTF_8), Arrays.copyOf(real, 4),
                Arrays.copyOf(real, real.length / 2), Arrays.copyOf(real, real.length - 1), badTag, hugeCount)) {
            ClassFileLines lines = ClassFileLines.parse(bytes);
            assertThat(lines.sourceFile()).isEmpty();
            assertThat(lines.firstLine(Sample.class.getDeclaredMethod("refund"))).isEqualTo(-1);
        }
        assertThat(ClassFileLines.parse(real).firstLine(Sample.class.getDeclaredMethod("refund"))).isPositive();
    }

    @Test
    @DisplayName("a method's descriptor names its parameters' and return type's erasures, arrays and primitives included")
    void descriptors() throws Exception {
        assertThat(ClassFileLines.descriptor(Sample.class.getDeclaredMethod("refund", int.class, String[].class)))
                .isEqualTo("(I[Ljava/lang/String;)J");
        assertThat(ClassFileLines.descriptor(Object.class.getDeclaredMethod("equals", Object.class)))
                .isEqualTo("(Ljava/lang/Object;)Z");
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The class file with one CONSTANT_Utf8 entry's text replaced, its length with it. */
    private static byte[] replaceUtf8(byte[] classFile, String from, String to) {
        byte[] old = utf8Entry(from);
        int at = IntStream.rangeClosed(0, classFile.length - old.length)
                .filter(i -> Arrays.equals(classFile, i, i + old.length, old, 0, old.length)).findFirst().orElseThrow();
        byte[] replacement = utf8Entry(to);
        byte[] changed = new byte[classFile.length - old.length + replacement.length];
        System.arraycopy(classFile, 0, changed, 0, at);
        System.arraycopy(replacement, 0, changed, at, replacement.length);
        System.arraycopy(classFile, at + old.length, changed, at + replacement.length, classFile.length - at - old.length);
        return changed;
    }

    private static byte[] utf8Entry(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        byte[] entry = new byte[3 + ascii.length];
        entry[0] = 1;
        entry[2] = (byte) ascii.length;
        System.arraycopy(ascii, 0, entry, 3, ascii.length);
        return entry;
    }

    /** {@code Orders.class} compiled from a three-line source with the debug option given. */
    private byte[] compile(String debug) throws IOException {
        Path source = Files.writeString(folder.resolve("Orders.java"), """
                public class Orders {
                    public void refund() {
                        System.out.println("refund");
                    }
                }
                """);
        Path classes = Files.createDirectories(folder.resolve("classes" + debug.replace(':', '_')));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit = javac.run(null, null, null, debug, "-d", classes.toString(), source.toString());
        assertThat(exit).isZero();
        return Files.readAllBytes(classes.resolve("Orders.class"));
    }

    @SuppressWarnings("unused")
    static class Sample {

        /** Constants of two constant pool entries each, before the methods' names. */
        static long cents = 10_000_000_001L;
        static double rate = 0.123456789;

        void refund() {
            System.out.println("refund"); //@first refund()
        }

        void refund(String reason) {
            String said = "refund: " + reason; //@first refund(String)
            System.out.println(said);
        }

        long refund(int amount, String... reasons) {
            return (long) amount //@first refund(int, String[])
                    * reasons.length;
        }

        void empty() {
        } //@first empty()
    }

    static class Base {
        Object value() {
            return "base";
        }
    }

    static class Covariant extends Base { //@first class Covariant
        @Override
        String value() {
            return "covariant"; //@first Covariant.value()
        }
    }
}

/** A second top-level class of this file: its class file's source file is this file, not {@code SecondTopLevelClass.java}. */
class SecondTopLevelClass {
}
