package dev.botsim.cognigy.engine.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The versions of the libraries the engine runs on, as found on the test class path, against the oldest it runs with.
 *
 * <p>A build's dependency management chooses them, not the engine's POM: Spring Boot's parent pins the JUnit Platform,
 * Jackson and Kotlin for the whole build, test class path included. One too old fails far from its cause — a
 * {@code NoClassDefFoundError} while discovering, a {@code NoSuchMethodError} while reading a YAML file or serializing —
 * so the engine looks first, before anything that needs them, and says in one message each library found too old, the
 * version needed and what to set in Maven and in Spring Boot. A version that cannot be told (a library absent, a jar
 * whose manifest says nothing or names another artifact) is not judged: the check refuses only what it has read.
 *
 * <p>The oldest versions are the ones the sample bot's suite (all its executions) has passed with; what the fixes name is
 * what the engine is built and tested with. Versions are compared by their numbers ({@code 1.9.25-release-852} is
 * 1.9.25), and a pre-release is older than the release of its numbers: {@code 6.1.0-M1}, {@code 6.1.0-RC1},
 * {@code 5.5.0-alpha.1} and {@code 6.1.0-SNAPSHOT} come before {@code 6.1.0}, so one of exactly the oldest version is
 * too old — it may lack what the release brought — while {@code 6.1.1-SNAPSHOT} is recent enough.
 *
 * <p>The engine's own annotations ({@code cognigy-junit-annotations}) are held to the engine's version exactly: the two are
 * released together, and a build that upgrades one of them alone fails far from its cause too.
 */
public final class LibraryVersions {

    /** A library whose version is checked, named as its artifact is. */
    public enum Library {
        JUNIT_PLATFORM("JUnit Platform (junit-platform-engine)"),
        JACKSON_CORE("jackson-core"),
        JACKSON_DATABIND("jackson-databind"),
        JACKSON_YAML("jackson-dataformat-yaml"),
        JACKSON_CSV("jackson-dataformat-csv"),
        JACKSON_ANNOTATIONS("jackson-annotations"),
        OKHTTP("OkHttp (okhttp-jvm)"),
        KOTLIN_STDLIB("kotlin-stdlib"),
        /** The engine itself: not checked for its age, only read to compare its annotations with. */
        COGNIGY_ENGINE("cognigy-junit-engine"),
        COGNIGY_ANNOTATIONS("cognigy-junit-annotations");

        private final String label;

        Library(String label) {
            this.label = label;
        }

        /** How the message names it. */
        public String label() {
            return label;
        }
    }

    /** The oldest JUnit Platform: its worker thread pool executor service (6.1), discovery issues (1.13). */
    static final Version JUNIT_OLDEST = Version.of(6, 1, 0);
    /** The JUnit the engine is built with, which the fix names. */
    static final String JUNIT_BUILT = "6.1.3";
    /** The oldest Jackson 3: {@code YAMLParser.getRawTag()} (3.2); jackson-dataformat-csv has no 3.2.0. */
    static final Version JACKSON_OLDEST = Version.of(3, 2, 1);
    static final String JACKSON_BUILT = "3.2.4";
    /** Jackson 3.N is released with, and refers to members of, jackson-annotations 2.(20 + N). */
    static final int ANNOTATIONS_MINOR_OFFSET = 20;
    /** The Jackson 2 BOM the fix names: it pins jackson-annotations 2.22, which Jackson 3.2 needs. */
    static final String JACKSON_2_BOM = "2.22.4";
    /** The oldest OkHttp: {@code Call.addEventListener}, which 5.0.0 lacks. */
    static final Version OKHTTP_OLDEST = Version.of(5, 5, 0);
    static final String OKHTTP_BUILT = "5.5.1";
    /** The oldest Kotlin standard library that has every member OkHttp 5.5 and Okio 3.18 refer to. */
    static final Version KOTLIN_OLDEST = Version.of(1, 9, 0);
    static final String KOTLIN_SUGGESTED = "1.9.25";

    /** JUnit Platform 1.13 brought discovery issues; an older one only says that discovery failed. */
    private static final Version DISCOVERY_ISSUES = Version.of(1, 13, 0);

    private static final List<Library> JACKSON_3 = List.of(Library.JACKSON_CORE, Library.JACKSON_DATABIND, Library.JACKSON_YAML,
            Library.JACKSON_CSV);

    private final Map<Library, Optional<Version>> found = new EnumMap<>(Library.class);
    private final Map<Library, String> written = new EnumMap<>(Library.class);

    /** @param found each library's version as found, empty when it cannot be told */
    public LibraryVersions(Function<Library, Optional<String>> found) {
        for (Library library : Library.values()) {
            Optional<String> version = found.apply(library);
            this.found.put(library, version.flatMap(Version::parse));
            version.ifPresent(v -> written.put(library, v));
        }
    }

    /** The versions on the engine's own class path. */
    public static LibraryVersions onClassPath() {
        return new LibraryVersions(ClassPathVersions::of);
    }

    /**
     * Every library found too old, in one message with the version found, the version needed and the fix; empty when
     * each is recent enough or cannot be told.
     */
    public Optional<String> problem() {
        List<String> problems = new ArrayList<>();
        tooOld(Library.JUNIT_PLATFORM, JUNIT_OLDEST).ifPresent(found -> problems.add(Library.JUNIT_PLATFORM.label() + " " + found
                + " found, " + JUNIT_OLDEST + " or newer needed: in Spring Boot set <junit-jupiter.version>" + JUNIT_BUILT
                + "</junit-jupiter.version>; elsewhere import org.junit:junit-bom:" + JUNIT_BUILT
                + " in <dependencyManagement>, ahead of other BOMs"));
        Map<Library, String> oldJackson = new EnumMap<>(Library.class);
        JACKSON_3.forEach(library -> tooOld(library, JACKSON_OLDEST).ifPresent(found -> oldJackson.put(library, found)));
        if (!oldJackson.isEmpty()) {
            // One version for the modules when they share it, as a BOM gives them; each its own otherwise.
            List<String> versions = oldJackson.values().stream().distinct().toList();
            String labels = oldJackson.keySet().stream().map(Library::label).collect(Collectors.joining(", "));
            String found = versions.size() == 1 ? versions.get(0) + " (" + labels + ")" : oldJackson.entrySet().stream()
                    .map(entry -> entry.getKey().label() + " " + entry.getValue()).collect(Collectors.joining(", "));
            problems.add("Jackson " + found + " found, " + JACKSON_OLDEST + " or newer needed: in Spring Boot 4 set"
                    + " <jackson-bom.version>" + JACKSON_BUILT + "</jackson-bom.version>; elsewhere import"
                    + " tools.jackson:jackson-bom:" + JACKSON_BUILT + " in <dependencyManagement>, ahead of other BOMs");
        }
        Version annotations = annotationsNeeded();
        // Named as Jackson names them: 2.22, not 2.22.0.
        String annotationsName = annotations.major() + "." + annotations.minor();
        tooOld(Library.JACKSON_ANNOTATIONS, annotations).ifPresent(found -> problems.add(Library.JACKSON_ANNOTATIONS.label()
                + " " + found + " found, " + annotationsName + " or newer needed by Jackson 3."
                + (annotations.minor() - ANNOTATIONS_MINOR_OFFSET) + ": in Spring Boot 3 set <jackson-bom.version>"
                + jackson2Bom(annotations) + "</jackson-bom.version>, in Spring Boot 4 <jackson-2-bom.version>"
                + jackson2Bom(annotations) + "</jackson-2-bom.version>; elsewhere declare"
                + " com.fasterxml.jackson.core:jackson-annotations:" + annotationsName + " in <dependencyManagement>"));
        tooOld(Library.OKHTTP, OKHTTP_OLDEST).ifPresent(found -> problems.add(Library.OKHTTP.label() + " " + found + " found, "
                + OKHTTP_OLDEST + " or newer needed: another dependency brings it (mvn dependency:tree"
                + " -Dincludes=com.squareup.okhttp3 names it); import com.squareup.okhttp3:okhttp-bom:" + OKHTTP_BUILT
                + " in <dependencyManagement>, ahead of other BOMs"));
        tooOld(Library.KOTLIN_STDLIB, KOTLIN_OLDEST).ifPresent(found -> problems.add(Library.KOTLIN_STDLIB.label() + " " + found
                + " found, " + KOTLIN_OLDEST + " or newer needed by OkHttp: in Spring Boot set <kotlin.version>" + KOTLIN_SUGGESTED
                + "</kotlin.version>; elsewhere declare org.jetbrains.kotlin:kotlin-stdlib:" + KOTLIN_SUGGESTED
                + " in <dependencyManagement>"));
        otherThanTheEngine().ifPresent(found -> problems.add(Library.COGNIGY_ANNOTATIONS.label() + " " + found + " found with "
                + Library.COGNIGY_ENGINE.label() + " " + written.get(Library.COGNIGY_ENGINE) + ": the two are released together"
                + " (the annotations carry the listener API the engine calls, the engine reads every attribute of its"
                + " version's annotations); import dev.botsim.cognigy:cognigy-junit-bom:" + written.get(Library.COGNIGY_ENGINE)
                + " in <dependencyManagement> and declare both without a version, or give both the same one"));
        if (problems.isEmpty()) return Optional.empty();
        return Optional.of("The cognigy engine cannot run with the libraries on the test class path:\n  - "
                + String.join("\n  - ", problems)
                + "\nThe build's dependency management chose them (a parent such as spring-boot-starter-parent, or an imported"
                + " BOM); mvn dependency:tree shows which version each got. See \"With Spring Boot\" in docs/getting-started.md.");
    }

    /**
     * Whether the JUnit Platform found reports a discovery issue to the user (1.13 or newer, or a version that cannot be
     * told); an older one prints only that the engine failed to discover tests, whatever the engine threw.
     */
    public boolean reportsDiscoveryIssues() {
        return found.get(Library.JUNIT_PLATFORM).map(version -> version.atLeast(DISCOVERY_ISSUES)).orElse(true);
    }

    /** jackson-annotations 2.(20 + N) for the Jackson 3.N found, and never older than Jackson 3.2's 2.22. */
    private Version annotationsNeeded() {
        int minor = found.get(Library.JACKSON_DATABIND).filter(v -> v.major() == 3).map(Version::minor)
                .filter(m -> m > JACKSON_OLDEST.minor()).orElse(JACKSON_OLDEST.minor());
        return Version.of(2, ANNOTATIONS_MINOR_OFFSET + minor, 0);
    }

    /** The Jackson 2 BOM that pins these annotations: the one tested for 2.22, the first of its line for a later one. */
    private static String jackson2Bom(Version annotations) {
        return annotations.minor() == 22 ? JACKSON_2_BOM : annotations.major() + "." + annotations.minor() + ".0";
    }

    /**
     * The annotations' version as found, when it is not the engine's: either side older, the other may call or carry what
     * it lacks, as a {@code NoSuchMethodError} or an attribute silently unread. Compared as written, a snapshot of a
     * version being another build than the release. Not judged when either cannot be told: the engine or its annotations
     * run from a build's classes (an IDE, the reactor), or from a jar whose manifest names another artifact (a shaded jar).
     */
    private Optional<String> otherThanTheEngine() {
        String engine = written.get(Library.COGNIGY_ENGINE);
        String annotations = written.get(Library.COGNIGY_ANNOTATIONS);
        return engine == null || annotations == null || engine.strip().equals(annotations.strip()) ? Optional.empty()
                : Optional.of(annotations);
    }

    /** The version of {@code library} as found, when it is older than {@code oldest}. */
    private Optional<String> tooOld(Library library, Version oldest) {
        return found.get(library).filter(version -> !version.atLeast(oldest)).map(version -> written.get(library));
    }

    /**
     * A version's leading numbers, and whether it is a pre-release of them: {@code 2.21} is 2.21.0, {@code 1.9.25-release-852}
     * 1.9.25, {@code 6.1.0-M1} a pre-release of 6.1.0.
     */
    record Version(int major, int minor, int patch, boolean preRelease) {

        /**
         * What follows the numbers of a pre-release, as Maven orders qualifiers below the release: alpha, beta, milestone,
         * release candidate, snapshot, and the dev, EAP and preview builds of Kotlin and others ({@code -M1}, {@code .RC2},
         * {@code -alpha.1}, {@code -Beta2}, {@code -SNAPSHOT}, {@code -dev-5347}). Any other qualifier ({@code -release-852},
         * {@code -jre}, {@code -android}) is a release's.
         */
        private static final java.util.regex.Pattern PRE_RELEASE = java.util.regex.Pattern.compile(
                "[-._]?(?:alpha|beta|milestone|rc|cr|snapshot|dev|eap|preview|pre|a|b|m)(?![a-z]).*",
                java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);

        static Version of(int major, int minor, int patch) {
            return new Version(major, minor, patch, false);
        }

        /**
         * The numbers {@code version} starts with, up to three, a missing one 0, and whether what follows them marks a
         * pre-release; empty when it starts with no number.
         */
        static Optional<Version> parse(String version) {
            int[] parts = new int[3];
            int count = 0;
            int i = 0;
            String text = version.strip();
            while (count < 3 && i < text.length() && Character.isDigit(text.charAt(i))) {
                int start = i;
                while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
                if (i - start > 9) return Optional.empty();
                parts[count++] = Integer.parseInt(text.substring(start, i));
                if (i < text.length() && text.charAt(i) == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) i++;
                else break;
            }
            if (count == 0) return Optional.empty();
            // A fourth number (2.18.1.1) is a release's; a qualifier after it is read as after the third.
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.' && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1)))) {
                i++;
            }
            return Optional.of(new Version(parts[0], parts[1], parts[2], PRE_RELEASE.matcher(text.substring(i)).matches()));
        }

        /** Whether this is {@code other} or newer; a pre-release is older than the release of its numbers. */
        boolean atLeast(Version other) {
            int numbers = java.util.Comparator.comparingInt(Version::major).thenComparingInt(Version::minor)
                    .thenComparingInt(Version::patch).compare(this, other);
            return numbers != 0 ? numbers > 0 : !preRelease || other.preRelease;
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }
}
