package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.config.LibraryVersions.Library;
import dev.botsim.cognigy.engine.config.LibraryVersions.Version;

/**
 * The libraries' versions checked before discovery, with the versions Spring Boot's parents pin as the fake class path:
 * each library too old is named with what was found, what is needed and the property or BOM that fixes it.
 */
class LibraryVersionsTest {

    /** What the engine is built with. */
    private static final Map<Library, String> BUILT = versions("6.1.3", "3.2.4", "2.22", "5.5.1", "2.1.21");

    /** spring-boot-starter-parent 3.5.16 with the engine's BOM: Boot's JUnit and Jackson 2 BOMs, the engine's Jackson 3. */
    private static final Map<Library, String> BOOT_3_5 = versions("1.12.2", "3.2.4", "2.21", "5.5.1", "1.9.25");

    /** spring-boot-starter-parent 4.0.9: JUnit 6.0 and Jackson 3.1 are Boot's. */
    private static final Map<Library, String> BOOT_4_0 = versions("6.0.3", "3.1.7", "2.21", "5.5.1", "2.2.21");

    private static Map<Library, String> versions(String junit, String jackson, String annotations, String okhttp, String kotlin) {
        Map<Library, String> versions = new EnumMap<>(Library.class);
        versions.put(Library.JUNIT_PLATFORM, junit);
        for (Library library : new Library[] {Library.JACKSON_CORE, Library.JACKSON_DATABIND, Library.JACKSON_YAML,
                Library.JACKSON_CSV}) {
            versions.put(library, jackson);
        }
        versions.put(Library.JACKSON_ANNOTATIONS, annotations);
        versions.put(Library.OKHTTP, okhttp);
        versions.put(Library.KOTLIN_STDLIB, kotlin);
        return versions;
    }

    private static Map<Library, String> with(Map<Library, String> versions, Library library, String version) {
        Map<Library, String> changed = new EnumMap<>(versions);
        changed.put(library, version);
        return changed;
    }

    private static LibraryVersions found(Map<Library, String> versions) {
        return new LibraryVersions(library -> Optional.ofNullable(versions.get(library)));
    }

    @Test
    @DisplayName("Spring Boot 3.5's JUnit Platform 1.12 and jackson-annotations 2.21: one message naming both, the versions"
            + " found and needed, and the Maven and Spring Boot settings that fix them")
    void springBoot3() {
        assertThat(found(BOOT_3_5).problem()).hasValue("""
                The cognigy engine cannot run with the libraries on the test class path:
                  - JUnit Platform (junit-platform-engine) 1.12.2 found, 6.1.0 or newer needed: in Spring Boot set \
                <junit-jupiter.version>6.1.3</junit-jupiter.version>; elsewhere import org.junit:junit-bom:6.1.3 in \
                <dependencyManagement>, ahead of other BOMs
                  - jackson-annotations 2.21 found, 2.22 or newer needed by Jackson 3.2: in Spring Boot 3 set \
                <jackson-bom.version>2.22.4</jackson-bom.version>, in Spring Boot 4 <jackson-2-bom.version>2.22.4\
                </jackson-2-bom.version>; elsewhere declare com.fasterxml.jackson.core:jackson-annotations:2.22 in \
                <dependencyManagement>
                The build's dependency management chose them (a parent such as spring-boot-starter-parent, or an imported \
                BOM); mvn dependency:tree shows which version each got. See "With Spring Boot" in docs/getting-started.md.""");
    }

    @Test
    @DisplayName("Spring Boot 4.0's JUnit Platform 6.0 (no worker thread pool) and Jackson 3.1 (no YAMLParser.getRawTag):"
            + " each named with its fix, Jackson's modules once")
    void springBoot4() {
        assertThat(found(BOOT_4_0).problem()).get().asString()
                .contains("\n  - JUnit Platform (junit-platform-engine) 6.0.3 found, 6.1.0 or newer needed: in Spring Boot set"
                        + " <junit-jupiter.version>6.1.3</junit-jupiter.version>")
                .contains("\n  - Jackson 3.1.7 (jackson-core, jackson-databind, jackson-dataformat-yaml, jackson-dataformat-csv)"
                        + " found, 3.2.1 or newer needed: in Spring Boot 4 set <jackson-bom.version>3.2.4</jackson-bom.version>;"
                        + " elsewhere import tools.jackson:jackson-bom:3.2.4 in <dependencyManagement>, ahead of other BOMs")
                .contains("\n  - jackson-annotations 2.21 found, 2.22 or newer needed by Jackson 3.2")
                .doesNotContain("OkHttp", "kotlin-stdlib");
    }

    @Test
    @DisplayName("Jackson's modules at different versions: each one too old is named with its own")
    void jacksonModulesApart() {
        Map<Library, String> versions = with(with(BUILT, Library.JACKSON_YAML, "3.1.7"), Library.JACKSON_CSV, "3.1.8");

        assertThat(found(versions).problem()).get().asString()
                .contains("\n  - Jackson jackson-dataformat-yaml 3.1.7, jackson-dataformat-csv 3.1.8 found, 3.2.1 or newer needed");
    }

    @Test
    @DisplayName("the versions the engine is built with, and the oldest its sample passed with (Spring Boot 4.2 with JUnit"
            + " 6.1.0, Jackson 3.2.1, jackson-annotations 2.22, OkHttp 5.5.0, Kotlin 1.9.0): nothing to say")
    void recentEnough() {
        assertThat(found(BUILT).problem()).isEmpty();
        assertThat(found(versions("6.1.0", "3.2.1", "2.22", "5.5.0", "1.9.0")).problem()).isEmpty();
        assertThat(found(versions("6.2.0", "3.3.0", "2.23", "5.6.0", "2.4.21")).problem()).isEmpty();
    }

    @Test
    @DisplayName("a version that cannot be told (library absent, a manifest without one, no number) is not judged")
    void unknownNotJudged() {
        assertThat(new LibraryVersions(library -> Optional.empty()).problem()).isEmpty();
        assertThat(found(versions("DEVELOPMENT", "", "unknown", "x", "-")).problem()).isEmpty();
    }

    @Test
    @DisplayName("OkHttp 4 brought by another dependency and Kotlin 1.8: named with how to find the dependency and the fix")
    void okHttpAndKotlin() {
        Map<Library, String> versions = with(with(BUILT, Library.OKHTTP, "4.12.0"), Library.KOTLIN_STDLIB, "1.8.22");

        assertThat(found(versions).problem()).get().asString()
                .contains("\n  - OkHttp (okhttp-jvm) 4.12.0 found, 5.5.0 or newer needed: another dependency brings it (mvn"
                        + " dependency:tree -Dincludes=com.squareup.okhttp3 names it); import"
                        + " com.squareup.okhttp3:okhttp-bom:5.5.1 in <dependencyManagement>, ahead of other BOMs")
                .contains("\n  - kotlin-stdlib 1.8.22 found, 1.9.0 or newer needed by OkHttp: in Spring Boot set"
                        + " <kotlin.version>1.9.25</kotlin.version>");
    }

    @Test
    @DisplayName("cognigy-junit-annotations of another version than the engine's, older or newer or a snapshot of it, is"
            + " named with the engine's and the BOM that aligns them; the same version, or either not told, is not judged")
    void annotationsOfAnotherVersionThanTheEngine() {
        Map<Library, String> engine = with(BUILT, Library.COGNIGY_ENGINE, "0.3.0");

        assertThat(found(with(engine, Library.COGNIGY_ANNOTATIONS, "0.2.1")).problem()).get().asString()
                .startsWith("The cognigy engine cannot run with the libraries on the test class path:\n  - cognigy-junit-annotations"
                        + " 0.2.1 found with cognigy-junit-engine 0.3.0: the two are released together")
                .contains("import dev.botsim.cognigy:cognigy-junit-bom:0.3.0 in <dependencyManagement>");
        assertThat(found(with(engine, Library.COGNIGY_ANNOTATIONS, "0.4.0")).problem()).get().asString()
                .contains("cognigy-junit-annotations 0.4.0 found with cognigy-junit-engine 0.3.0");
        assertThat(found(with(engine, Library.COGNIGY_ANNOTATIONS, "0.3.0-SNAPSHOT")).problem()).get().asString()
                .contains("cognigy-junit-annotations 0.3.0-SNAPSHOT found with cognigy-junit-engine 0.3.0");
        assertThat(found(with(engine, Library.COGNIGY_ANNOTATIONS, "0.3.0")).problem()).isEmpty();
        assertThat(found(engine).problem()).isEmpty();
        assertThat(found(with(BUILT, Library.COGNIGY_ANNOTATIONS, "0.2.1")).problem()).isEmpty();
    }

    @Test
    @DisplayName("a newer Jackson 3 needs the annotations it was released with: 3.3 needs 2.23")
    void annotationsFollowJackson() {
        Map<Library, String> versions = versions("6.1.3", "3.3.0", "2.22", "5.5.1", "2.1.21");

        assertThat(found(versions).problem()).get().asString()
                .contains("\n  - jackson-annotations 2.22 found, 2.23 or newer needed by Jackson 3.3: in Spring Boot 3 set"
                        + " <jackson-bom.version>2.23.0</jackson-bom.version>")
                .contains("com.fasterxml.jackson.core:jackson-annotations:2.23 in <dependencyManagement>");
    }

    @ParameterizedTest(name = "JUnit Platform {0}: {1}")
    @CsvSource({"1.11.4, false", "1.12.2, false", "1.13.0, true", "6.0.3, true", "6.1.3, true", "DEVELOPMENT, true"})
    @DisplayName("a discovery issue reaches the user from JUnit Platform 1.13 on (or when the version cannot be told)")
    void discoveryIssues(String junit, boolean reported) {
        assertThat(found(with(BUILT, Library.JUNIT_PLATFORM, junit)).reportsDiscoveryIssues()).isEqualTo(reported);
    }

    @ParameterizedTest(name = "{0} is {1}, pre-release {2}")
    @CsvSource({"1.9.25-release-852, 1.9.25, false", "2.21, 2.21.0, false", "6.1.0-M1, 6.1.0, true", "6.1.0-RC1, 6.1.0, true",
            "3.2.4-SNAPSHOT, 3.2.4, true", "5.5.0-alpha.1, 5.5.0, true", "2.1.0-Beta2, 2.1.0, true", "1.9.0-dev-5347, 1.9.0, true",
            "4.0.0-ALPHA01, 4.0.0, true", "1.0.0.RC1, 1.0.0, true", "2.18.1.1, 2.18.1, false", "33.0-android, 33.0.0, false",
            "5, 5.0.0, false", "' 2.22 ', 2.22.0, false"})
    @DisplayName("a version is read by its leading numbers, and a qualifier Maven orders before the release (alpha, beta,"
            + " milestone, RC, snapshot, dev) marks a pre-release")
    void parse(String written, String read, boolean preRelease) {
        assertThat(Version.parse(written)).get().hasToString(read).extracting(Version::preRelease).isEqualTo(preRelease);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JUNIT_PLATFORM, 6.1.0-M1", "JUNIT_PLATFORM, 6.1.0-RC1", "JUNIT_PLATFORM, 6.1.0-SNAPSHOT",
            "JACKSON_CORE, 3.2.1-rc1", "OKHTTP, 5.5.0-alpha.1", "KOTLIN_STDLIB, 1.9.0-Beta"})
    @DisplayName("a pre-release of exactly the oldest version is older than that release, and too old: it may lack what the"
            + " release brought")
    void preReleaseOfTheOldestIsTooOld(Library library, String version) {
        assertThat(found(with(BUILT, library, version)).problem()).get().asString()
                .contains(" " + version + " ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JUNIT_PLATFORM, 6.1.1-SNAPSHOT", "JUNIT_PLATFORM, 6.2.0-M1", "OKHTTP, 5.6.0-alpha.1", "KOTLIN_STDLIB, 2.2.0-RC"})
    @DisplayName("a pre-release of a version above the oldest is recent enough")
    void preReleaseAboveTheOldest(Library library, String version) {
        assertThat(found(with(BUILT, library, version)).problem()).isEmpty();
    }

    @Test
    @DisplayName("on the engine's own class path every version is read, is the one its build uses — the one the fixes"
            + " name — and nothing is too old")
    void ownClassPath() {
        Map<Library, String> read = new EnumMap<>(Library.class);
        for (Library library : Library.values()) read.put(library, ClassPathVersions.of(library).orElse(null));

        assertThat(read.get(Library.JUNIT_PLATFORM)).isEqualTo(LibraryVersions.JUNIT_BUILT);
        assertThat(read).containsEntry(Library.JACKSON_CORE, LibraryVersions.JACKSON_BUILT)
                .containsEntry(Library.JACKSON_DATABIND, LibraryVersions.JACKSON_BUILT)
                .containsEntry(Library.JACKSON_YAML, LibraryVersions.JACKSON_BUILT)
                .containsEntry(Library.JACKSON_CSV, LibraryVersions.JACKSON_BUILT)
                .containsEntry(Library.JACKSON_ANNOTATIONS, "2.22")
                .containsEntry(Library.OKHTTP, LibraryVersions.OKHTTP_BUILT);
        assertThat(Version.parse(read.get(Library.KOTLIN_STDLIB))).get()
                .matches(version -> version.atLeast(LibraryVersions.KOTLIN_OLDEST));
        assertThat(LibraryVersions.onClassPath().problem()).isEmpty();
    }
}
