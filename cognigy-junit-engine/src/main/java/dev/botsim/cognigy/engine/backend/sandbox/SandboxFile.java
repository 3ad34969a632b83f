package dev.botsim.cognigy.engine.backend.sandbox;

import static dev.botsim.cognigy.engine.config.Constants.SANDBOX_BOT;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Where a setting of the embedded sandbox points — its bot ({@code cognigy.sandbox.bot}), its playbooks
 * ({@code cognigy.sandbox.playbooks}): a {@code classpath:} resource or a file, looked up and refused by the same rules for
 * both. Apart from {@link EmbeddedSandbox}, which loads it, since this needs none of the sandbox's classes: the
 * configuration checks the file exists before the sandbox, or its artifact, is looked for.
 *
 * @param key     the setting, as messages name it
 * @param value   where it points, as written
 * @param example a {@code classpath:} value a message offers when the value names nothing
 */
public record SandboxFile(String key, String value, String example) {

    private static final String CLASSPATH = "classpath:";

    /** Where {@code cognigy.sandbox.bot} points. */
    public static SandboxFile bot(String value) {
        return new SandboxFile(SANDBOX_BOT, value, "classpath:bots/my-bot.yaml");
    }

    /** Where {@code key} ({@code cognigy.sandbox.playbooks}) points: the playbook export the sandbox's project starts with. */
    public static SandboxFile playbooks(String key, String value) {
        return new SandboxFile(key, value, "classpath:playbooks/my-bot.playbooks.json");
    }

    /** The resource a {@code classpath:} value names, without a leading slash; empty for a file. */
    public Optional<String> resource() {
        if (!value.startsWith(CLASSPATH)) return Optional.empty();
        String name = value.substring(CLASSPATH.length());
        return Optional.of(name.startsWith("/") ? name.substring(1) : name);
    }

    /** The resource {@code name} on the test class path (the thread's context class loader's), if it is there. */
    public static Optional<URL> onClassPath(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : SandboxFile.class.getClassLoader();
        return Optional.ofNullable(loader.getResource(name));
    }

    /**
     * Why nothing is found where it points; empty when something is (whether it is valid is found on loading it). A folder
     * is nothing: read, a class path folder gives the listing of its files, which would be refused as the file's content.
     */
    public Optional<String> missing() {
        Optional<String> resource = resource();
        if (resource.isPresent()) {
            Optional<URL> found = onClassPath(resource.get());
            if (found.isPresent() && folder(found.get())) {
                String folder = resource.get().replaceFirst("/+$", "");
                return Optional.of(key + "=" + value + " names a folder on the test class path, not a file: write the path of the"
                        + " file in it, as " + key + "=" + (folder.isEmpty() ? example : CLASSPATH + folder + "/" + fileOfExample()));
            }
            if (found.isPresent()) return Optional.empty();
            return Optional.of(key + "=" + value + ": no resource " + resource.get() + " on the test class path"
                    + " (src/test/resources is on it; write the path below it)");
        }
        try {
            Path path = Path.of(value);
            if (Files.isRegularFile(path)) return Optional.empty();
            if (Files.isDirectory(path)) {
                return Optional.of(key + "=" + value + " names a folder, not a file: write the path of the file in it, as " + key
                        + "=" + path.resolve(fileOfExample()));
            }
        } catch (InvalidPathException e) {
            // not a path: said below
        }
        // The file beside the properties in src/test/resources, named as it lies there: classpath: was left out.
        String asResource = value.replaceFirst("^/+", "");
        if (!asResource.isEmpty() && !asResource.contains("..") && onClassPath(asResource).isPresent()) {
            return Optional.of(key + "=" + value + " is no file, but a resource of that name is on the test class"
                    + " path: write " + key + "=" + CLASSPATH + asResource);
        }
        return Optional.of(key + "=" + value + " is neither a file nor, with classpath:, a resource; write"
                + " " + example + " or a path relative to " + Path.of("").toAbsolutePath());
    }

    /** The file name of the example ({@code my-bot.yaml}), as a folder's file. */
    private String fileOfExample() {
        return example.substring(example.lastIndexOf('/') + 1);
    }

    /** Whether the class path resource at {@code url} is a folder: a directory, or a folder entry of a jar. */
    private static boolean folder(URL url) {
        try {
            if (url.getProtocol().equals("file")) return Files.isDirectory(Path.of(url.toURI()));
            if (url.openConnection() instanceof JarURLConnection jar) {
                // Opened apart from the class loader's copy, and closed here: the jar stays the build's to replace.
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    JarEntry entry = jar.getEntryName() == null ? null : file.getJarEntry(jar.getEntryName());
                    return entry == null || entry.isDirectory();
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | IOException e) {
            // not to be looked into: taken as a file, and read as one
        }
        return false;
    }
}
