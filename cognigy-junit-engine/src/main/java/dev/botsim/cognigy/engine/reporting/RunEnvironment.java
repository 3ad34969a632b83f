package dev.botsim.cognigy.engine.reporting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What ran a run, as its reports say it for whoever reads them without the machine (a partner's support, an issue's
 * reader): the engine's, the JUnit Platform's and Java's versions and the operating system of the JVM writing them.
 * The settings the run was given stand beside it in the reports ({@code RunInfo.configuration()}: never a secret).
 *
 * @param engine        the engine's version, as its jar's manifest says it; {@code development} for classes not in a jar
 * @param junitPlatform the JUnit Platform's version, as junit-platform-engine's manifest says it; {@code null} when it
 *                      says none (a jar that shaded it in)
 * @param javaVersion   the Java runtime's version ({@link Runtime#version()})
 * @param javaVendor    the Java runtime's vendor ({@code java.vendor}); {@code null} when not set
 * @param os            the operating system's name, version and architecture; empty when the JVM names none
 */
record RunEnvironment(String engine, String junitPlatform, String javaVersion, String javaVendor, String os) {

    /** This JVM's. */
    static final RunEnvironment THIS_JVM = new RunEnvironment(engineVersion(), junitPlatformVersion().orElse(null),
            Runtime.version().toString(), System.getProperty("java.vendor"), system());

    /** The fields as results.json writes them under {@code environment}: one unknown is {@code null}. */
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", engine);
        out.put("junit_platform", junitPlatform);
        out.put("java", javaVersion);
        out.put("java_vendor", javaVendor);
        out.put("os", os);
        return out;
    }

    /**
     * One line naming them, as index.html's header says it
     * ({@code engine 0.1.0 · JUnit Platform 6.1.3 · Java 21.0.5+11-LTS (Eclipse Adoptium) · Linux 6.8.0 amd64}).
     */
    String shown() {
        StringBuilder line = new StringBuilder("engine ").append(engine);
        if (junitPlatform != null) line.append(" · JUnit Platform ").append(junitPlatform);
        line.append(" · Java ").append(javaVersion);
        if (javaVendor != null) line.append(" (").append(javaVendor).append(")");
        if (!os.isEmpty()) line.append(" · ").append(os);
        return line.toString();
    }

    /** The engine's version; {@code development} when its classes are not in a jar that says one. */
    private static String engineVersion() {
        String version = RunEnvironment.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

    /** junit-platform-engine's version, from its jar's manifest when its title names it (a shaded jar carries its own). */
    private static Optional<String> junitPlatformVersion() {
        Package platform = org.junit.platform.engine.TestEngine.class.getPackage();
        if (platform == null || !"junit-platform-engine".equals(platform.getImplementationTitle())) return Optional.empty();
        return Optional.ofNullable(platform.getImplementationVersion());
    }

    /** The operating system's name, version and architecture, as the JVM names them; empty when it names none. */
    private static String system() {
        StringBuilder os = new StringBuilder();
        for (String key : new String[] {"os.name", "os.version", "os.arch"}) {
            String value = System.getProperty(key);
            if (value == null || value.isBlank()) continue;
            if (!os.isEmpty()) os.append(' ');
            os.append(value.strip());
        }
        return os.toString();
    }
}
