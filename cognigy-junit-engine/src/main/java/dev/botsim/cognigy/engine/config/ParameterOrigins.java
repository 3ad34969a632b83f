package dev.botsim.cognigy.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.platform.engine.ConfigurationParameters;

/**
 * Where a configuration parameter's value came from, said after a problem with it, where the engine can tell: JUnit
 * hands the engine one map of parameters and says nothing of their source. It takes them, first found first, from the
 * launcher's explicit parameters (Surefire's {@code configurationParameters}, the console launcher's {@code --config}),
 * the JVM's system properties ({@code -D}), and the first {@code junit-platform.properties} on the class path.
 * <p>
 * A key whose system property holds the value the engine was given is named as the {@code -D} property; a key that is
 * no system property and whose value is the one the class path's {@code junit-platform.properties} holds, with that
 * file and the line its value is set on. Anything else (a launcher's explicit parameter, which overrides both and
 * cannot be told apart from them otherwise) is left unsaid rather than guessed.
 */
final class ParameterOrigins {

    /** The file JUnit reads configuration parameters from, on the class path. */
    static final String FILE_NAME = "junit-platform.properties";

    /** Says nothing of any key: for settings' names read apart from a run ({@code EngineConfig.refusedKeys}). */
    static final ParameterOrigins NONE = new ParameterOrigins(null, name -> null, Optional::empty);

    private final ConfigurationParameters parameters;
    private final Function<String, String> systemProperties;
    private final Supplier<Optional<PropertiesFile>> file;
    private Optional<PropertiesFile> read;

    ParameterOrigins(ConfigurationParameters parameters, Function<String, String> systemProperties,
                     Supplier<Optional<PropertiesFile>> file) {
        this.parameters = parameters;
        this.systemProperties = systemProperties;
        this.file = file;
    }

    /**
     * The origins of a launch's parameters: the JVM's system properties and the {@code junit-platform.properties} JUnit
     * reads, the first its default class loader (the thread's context class loader) finds.
     */
    static ParameterOrigins ofLaunch(ConfigurationParameters parameters) {
        return new ParameterOrigins(parameters, System::getProperty, () -> PropertiesFile.onClassPath(defaultClassLoader()));
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ParameterOrigins.class.getClassLoader();
    }

    /**
     * Where {@code key}'s value came from, to follow a problem with it ({@code " (from -Dcognigy.backend)"},
     * {@code " (from /…/junit-platform.properties:3)"}), or nothing when the engine cannot tell.
     */
    String of(String key) {
        if (parameters == null) return "";
        Optional<String> value = parameters.get(key);
        if (value.isEmpty()) return "";
        String property = systemProperties.apply(key);
        if (property != null) return property.equals(value.get()) ? " (from -D" + key + ")" : "";
        return file().filter(f -> value.get().equals(f.values().getProperty(key)))
                .flatMap(f -> f.place(key)).map(place -> " (from " + place + ")").orElse("");
    }

    private Optional<PropertiesFile> file() {
        if (read == null) read = file.get();
        return read;
    }

    /**
     * A {@code junit-platform.properties} as JUnit reads it ({@link Properties#load(InputStream)}: ISO 8859-1,
     * {@code \\uXXXX} escapes), with the line each key's value is set on: the first line of the last logical line that
     * sets it, as a later line overrides an earlier one.
     *
     * @param shown  the file's path, or the resource's URL where it is no file (in a jar)
     * @param values the keys and values the file sets
     * @param lines  each key's line, from 1
     */
    record PropertiesFile(String shown, Properties values, Map<String, Integer> lines) {

        /** {@code key}'s file and line, as {@code path:line}. */
        Optional<String> place(String key) {
            return Optional.ofNullable(lines.get(key)).map(line -> shown + ":" + line);
        }

        /** The first {@code junit-platform.properties} {@code loader} finds, as JUnit takes it; none when unreadable. */
        static Optional<PropertiesFile> onClassPath(ClassLoader loader) {
            try {
                Enumeration<URL> found = loader.getResources(FILE_NAME);
                if (!found.hasMoreElements()) return Optional.empty();
                URL url = found.nextElement();
                URLConnection connection = url.openConnection();
                connection.setUseCaches(false);
                byte[] bytes;
                try (InputStream in = connection.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                return Optional.of(parse(shown(url), new String(bytes, StandardCharsets.ISO_8859_1)));
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                // JUnit warns of a file it cannot read and goes on without it: nothing can be said of its lines.
                return Optional.empty();
            }
        }

        private static String shown(URL url) {
            if ("file".equals(url.getProtocol())) {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // shown as its URL
                }
            }
            return url.toString();
        }

        /**
         * The file of {@code text}: split into the logical lines {@link Properties#load} reads (a line ending in an odd
         * number of backslashes goes on on the next; a comment line, first non-blank {@code #} or {@code !}, never does),
         * each of which the JDK then reads on its own, separators, escapes and all.
         */
        static PropertiesFile parse(String shown, String text) throws IOException {
            String[] physical = text.split("\r\n|\r|\n", -1);
            Properties values = new Properties();
            Map<String, Integer> lines = new HashMap<>();
            int i = 0;
            while (i < physical.length) {
                int first = i;
                String line = physical[i++];
                String start = stripLeadingBlanks(line);
                if (start.isEmpty() || start.charAt(0) == '#' || start.charAt(0) == '!') continue;
                StringBuilder logical = new StringBuilder(line);
                while (endsInContinuation(line) && i < physical.length) {
                    line = physical[i++];
                    logical.append('\n').append(line);
                }
                Properties one = new Properties();
                one.load(new StringReader(logical.toString()));
                for (String key : one.stringPropertyNames()) {
                    values.setProperty(key, one.getProperty(key));
                    lines.put(key, first + 1);
                }
            }
            return new PropertiesFile(shown, values, Map.copyOf(lines));
        }

        /** The blanks a properties file's line may start with: space, tab and form feed. */
        private static String stripLeadingBlanks(String line) {
            int i = 0;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\f')) i++;
            return line.substring(i);
        }

        private static boolean endsInContinuation(String line) {
            int backslashes = 0;
            for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) backslashes++;
            return backslashes % 2 == 1;
        }
    }
}
