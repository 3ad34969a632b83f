package dev.botsim.cognigy.engine.config;

import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.config.LibraryVersions.Library;

/**
 * Where each library says its version, read on the engine's own class loader. Jackson 3, OkHttp and Kotlin keep theirs in
 * a class (read reflectively: OkHttp's is a constant the compiler would otherwise copy into this class); the JUnit
 * Platform, jackson-annotations and the engine's own two jars only in their jar's manifest, which is trusted only when
 * its title names the library (a jar with everything shaded in carries its own). Whatever cannot be read is empty:
 * absent, not judged.
 *
 * <p>OkHttp has said its version in three places: {@code okhttp3.OkHttp.VERSION} from 4.7 on (5.x too), before that the
 * user agent {@code okhttp/4.6.0} in the constant {@code userAgent} of {@code okhttp3.internal.Version} (4.0 to 4.6),
 * and in 3.x the same text returned by that class's static method {@code userAgent()}. Each is read, the newest first,
 * so an OkHttp 3 or 4 that another dependency brings is named too old rather than failing the run later with a
 * {@code NoSuchMethodError}.
 */
final class ClassPathVersions {

    /**
     * The engine's jar's title: its POM's {@code <name>}, which Maven's default implementation entries write (a test holds
     * the two together: renamed apart, the check of the annotations' version would stop without a word).
     */
    static final String ENGINE_TITLE = "cognigy-junit engine";
    /** The annotations' jar's title, their POM's {@code <name>}. */
    static final String ANNOTATIONS_TITLE = "cognigy-junit annotations and API";

    /** How OkHttp before 4.7 starts its user agent, before its version. */
    private static final String OKHTTP_AGENT = "okhttp/";

    private ClassPathVersions() {
    }

    static Optional<String> of(Library library) {
        return of(library, ClassPathVersions::load);
    }

    /** The version of {@code library}, its classes found by name through {@code classes}. */
    static Optional<String> of(Library library, Function<String, Optional<Class<?>>> classes) {
        return switch (library) {
            case JUNIT_PLATFORM -> manifest(classes, "org.junit.platform.engine.TestEngine", "junit-platform-engine");
            case JACKSON_CORE -> field(classes, "tools.jackson.core.json.PackageVersion", "VERSION");
            case JACKSON_DATABIND -> field(classes, "tools.jackson.databind.cfg.PackageVersion", "VERSION");
            case JACKSON_YAML -> field(classes, "tools.jackson.dataformat.yaml.PackageVersion", "VERSION");
            case JACKSON_CSV -> field(classes, "tools.jackson.dataformat.csv.PackageVersion", "VERSION");
            case JACKSON_ANNOTATIONS -> manifest(classes, "com.fasterxml.jackson.annotation.JsonProperty", "Jackson-annotations");
            case OKHTTP -> field(classes, "okhttp3.OkHttp", "VERSION").or(() -> okHttpUserAgent(classes));
            case KOTLIN_STDLIB -> field(classes, "kotlin.KotlinVersion", "CURRENT");
            case COGNIGY_ENGINE -> manifest(classes, "dev.botsim.cognigy.engine.CognigyTestEngine", ENGINE_TITLE);
            case COGNIGY_ANNOTATIONS -> manifest(classes, "dev.botsim.cognigy.annotations.BotSimulation", ANNOTATIONS_TITLE);
        };
    }

    /**
     * OkHttp's version before 4.7, from its user agent {@code okhttp/3.14.9}: the constant {@code userAgent} (4.0 to 4.6)
     * or the static method {@code userAgent()} (3.x) of {@code okhttp3.internal.Version}; empty when it says no such text.
     */
    private static Optional<String> okHttpUserAgent(Function<String, Optional<Class<?>>> classes) {
        String className = "okhttp3.internal.Version";
        return field(classes, className, "userAgent").or(() -> method(classes, className, "userAgent"))
                .filter(agent -> agent.startsWith(OKHTTP_AGENT) && agent.length() > OKHTTP_AGENT.length())
                .map(agent -> agent.substring(OKHTTP_AGENT.length()));
    }

    /** The implementation version in the manifest of the jar holding {@code className}, if its title is {@code title}. */
    private static Optional<String> manifest(Function<String, Optional<Class<?>>> classes, String className, String title) {
        return classes.apply(className).map(Class::getPackage).filter(pkg -> title.equals(pkg.getImplementationTitle()))
                .map(Package::getImplementationVersion);
    }

    /** The text of the public static field {@code name} of {@code className}. */
    private static Optional<String> field(Function<String, Optional<Class<?>>> classes, String className, String name) {
        return classes.apply(className).flatMap(type -> {
            try {
                return Optional.ofNullable(type.getField(name).get(null)).map(Object::toString);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** The text the public static method {@code name}, taking nothing, of {@code className} returns. */
    private static Optional<String> method(Function<String, Optional<Class<?>>> classes, String className, String name) {
        return classes.apply(className).flatMap(type -> {
            try {
                return Optional.ofNullable(type.getMethod(name).invoke(null)).map(Object::toString);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Class<?>> load(String className) {
        try {
            return Optional.of(Class.forName(className, false, ClassPathVersions.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }
}
