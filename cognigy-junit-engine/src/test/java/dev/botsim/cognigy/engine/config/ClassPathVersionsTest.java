package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotSimulation;

import dev.botsim.cognigy.engine.config.LibraryVersions.Library;

/**
 * Where each generation of OkHttp says its version, with stand-ins for its classes as the class path: 3.x and 4.0 to 4.6
 * say it only in their user agent, so an old OkHttp another dependency brings is judged, not left to fail the run later.
 */
class ClassPathVersionsTest {

    /** OkHttp 3.x's {@code okhttp3.internal.Version}: its user agent returned by a static method. */
    public static final class OkHttp3Version {
        public static String userAgent() {
            return "okhttp/3.14.9";
        }
    }

    /** OkHttp 4.0 to 4.6's {@code okhttp3.internal.Version}: Kotlin's {@code const val userAgent} of a file facade. */
    public static final class OkHttp4Version {
        public static final String userAgent = "okhttp/4.6.0";
    }

    /** OkHttp 4.7 and later's {@code okhttp3.OkHttp}, 5.x's too. */
    public static final class OkHttp {
        public static final String VERSION = "4.12.0";
    }

    /** A {@code okhttp3.internal.Version} whose user agent is not OkHttp's: a shaded or patched copy. */
    public static final class OtherVersion {
        public static String userAgent() {
            return "Mozilla/5.0";
        }
    }

    /** A class path holding only {@code classes}, by the names OkHttp gives them. */
    private static Function<String, Optional<Class<?>>> classPath(Map<String, Class<?>> classes) {
        return name -> Optional.ofNullable(classes.get(name));
    }

    private static Optional<String> okHttp(Map<String, Class<?>> classes) {
        return ClassPathVersions.of(Library.OKHTTP, classPath(classes));
    }

    @Test
    @DisplayName("OkHttp 3.x has no okhttp3.OkHttp: its version is read from okhttp3.internal.Version.userAgent(), and it is"
            + " named too old with the fix")
    void okHttp3() {
        Function<String, Optional<Class<?>>> classes = classPath(Map.of("okhttp3.internal.Version", OkHttp3Version.class));

        assertThat(ClassPathVersions.of(Library.OKHTTP, classes)).hasValue("3.14.9");
        assertThat(new LibraryVersions(library -> ClassPathVersions.of(library, classes)).problem()).get().asString()
                .contains("\n  - OkHttp (okhttp-jvm) 3.14.9 found, 5.5.0 or newer needed: another dependency brings it");
    }

    @Test
    @DisplayName("OkHttp 4.0 to 4.6: read from the constant okhttp3.internal.Version.userAgent; 4.7 on (and 5.x): from"
            + " okhttp3.OkHttp.VERSION, which wins")
    void okHttp4() {
        assertThat(okHttp(Map.of("okhttp3.internal.Version", OkHttp4Version.class))).hasValue("4.6.0");
        assertThat(okHttp(Map.of("okhttp3.OkHttp", OkHttp.class))).hasValue("4.12.0");
        assertThat(okHttp(Map.of("okhttp3.OkHttp", OkHttp.class, "okhttp3.internal.Version", OkHttp3Version.class)))
                .hasValue("4.12.0");
    }

    @Test
    @DisplayName("no OkHttp, or a user agent that is not okhttp/<version>: not told, so not judged")
    void okHttpNotTold() {
        assertThat(okHttp(Map.of())).isEmpty();
        assertThat(okHttp(Map.of("okhttp3.internal.Version", OtherVersion.class))).isEmpty();
        assertThat(new LibraryVersions(library -> ClassPathVersions.of(library, classPath(Map.of()))).problem()).isEmpty();
    }
    @Test
    @DisplayName("the engine's annotations are read from their jar's manifest, with the title Maven gives it; a jar whose"
            + " manifest names another artifact (the engine's standalone jar, everything shaded in) is not trusted")
    void annotationsFromTheirJar(@TempDir Path dir) throws Exception {
        Path own = jar(dir.resolve("annotations.jar"), "cognigy-junit annotations and API", "0.2.1");
        Path shaded = jar(dir.resolve("standalone.jar"), "cognigy-junit engine", "0.3.0");

        try (URLClassLoader ownLoader = loader(own); URLClassLoader shadedLoader = loader(shaded)) {
            assertThat(ClassPathVersions.of(Library.COGNIGY_ANNOTATIONS, classesOf(ownLoader))).hasValue("0.2.1");
            assertThat(ClassPathVersions.of(Library.COGNIGY_ANNOTATIONS, classesOf(shadedLoader))).isEmpty();
        }
    }

    @Test
    @DisplayName("the titles the engine trusts are the names of the two POMs, which Maven writes into their jars")
    void titlesAreThePomNames() throws IOException {
        assertThat(pomName(Path.of("pom.xml"))).isEqualTo(ClassPathVersions.ENGINE_TITLE);
        assertThat(pomName(Path.of("..", "cognigy-junit-annotations", "pom.xml"))).isEqualTo(ClassPathVersions.ANNOTATIONS_TITLE);
    }

    /** The project's own {@code <name>}: the first after its {@code <parent>}. */
    private static String pomName(Path pom) throws IOException {
        String text = Files.readString(pom);
        String own = text.substring(text.indexOf("</parent>"));
        return own.substring(own.indexOf("<name>") + "<name>".length(), own.indexOf("</name>")).strip();
    }

    /** A jar holding the annotation {@code BotSimulation}'s class file, with a manifest of that title and version. */
    private static Path jar(Path file, String title, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, title);
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        String entry = BotSimulation.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest);
             InputStream in = BotSimulation.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        return file;
    }

    /** A class path of {@code jar} alone, its classes defined by a loader of their own so their package reads its manifest. */
    private static URLClassLoader loader(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private static Function<String, Optional<Class<?>>> classesOf(ClassLoader loader) {
        return name -> {
            try {
                return Optional.of(Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                return Optional.empty();
            }
        };
    }
}
