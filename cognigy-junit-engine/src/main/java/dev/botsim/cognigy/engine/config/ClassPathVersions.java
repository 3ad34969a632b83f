package dev.botsim.cognigy.engine.config;

import java.util.Optional;

import dev.botsim.cognigy.engine.config.LibraryVersions.Library;

/**
 * Where each library says its version, read on the engine's own class loader. Jackson 3, OkHttp and Kotlin keep theirs in
 * a class (read reflectively: OkHttp's is a constant the compiler would otherwise copy into this class); the JUnit
 * Platform and jackson-annotations only in their jar's manifest, which is trusted only when its title names the library
 * (a jar with everything shaded in carries its own). Whatever cannot be read is empty: absent, not judged.
 */
final class ClassPathVersions {

    private ClassPathVersions() {
    }

    static Optional<String> of(Library library) {
        return switch (library) {
            case JUNIT_PLATFORM -> manifest("org.junit.platform.engine.TestEngine", "junit-platform-engine");
            case JACKSON_CORE -> field("tools.jackson.core.json.PackageVersion", "VERSION");
            case JACKSON_DATABIND -> field("tools.jackson.databind.cfg.PackageVersion", "VERSION");
            case JACKSON_YAML -> field("tools.jackson.dataformat.yaml.PackageVersion", "VERSION");
            case JACKSON_CSV -> field("tools.jackson.dataformat.csv.PackageVersion", "VERSION");
            case JACKSON_ANNOTATIONS -> manifest("com.fasterxml.jackson.annotation.JsonProperty", "Jackson-annotations");
            case OKHTTP -> field("okhttp3.OkHttp", "VERSION");
            case KOTLIN_STDLIB -> field("kotlin.KotlinVersion", "CURRENT");
        };
    }

    /** The implementation version in the manifest of the jar holding {@code className}, if its title is {@code title}. */
    private static Optional<String> manifest(String className, String title) {
        return load(className).map(Class::getPackage).filter(pkg -> title.equals(pkg.getImplementationTitle()))
                .map(Package::getImplementationVersion);
    }

    /** The text of the public static field {@code name} of {@code className}. */
    private static Optional<String> field(String className, String name) {
        return load(className).flatMap(type -> {
            try {
                return Optional.ofNullable(type.getField(name).get(null)).map(Object::toString);
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
