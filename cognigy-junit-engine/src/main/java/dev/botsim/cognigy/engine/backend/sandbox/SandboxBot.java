package dev.botsim.cognigy.engine.backend.sandbox;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code cognigy.sandbox.bot} points: a {@code classpath:} resource or a file. Apart from {@link EmbeddedSandbox},
 * which loads it, since this needs none of the sandbox's classes: the configuration checks the bot exists before the
 * sandbox, or its artifact, is looked for.
 */
public final class SandboxBot {

    private static final String CLASSPATH = "classpath:";

    private SandboxBot() {
    }

    /** The resource a {@code classpath:} bot names, without a leading slash; empty for a file. */
    static Optional<String> resource(String bot) {
        if (!bot.startsWith(CLASSPATH)) return Optional.empty();
        String name = bot.substring(CLASSPATH.length());
        return Optional.of(name.startsWith("/") ? name.substring(1) : name);
    }

    /** Why the bot cannot be found where it points; empty when it can (whether it is a valid definition is found on loading). */
    public static Optional<String> missing(String bot) {
        Optional<String> resource = resource(bot);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : SandboxBot.class.getClassLoader();
        if (resource.isPresent()) {
            if (loader.getResource(resource.get()) != null) return Optional.empty();
            return Optional.of("cognigy.sandbox.bot=" + bot + ": no resource " + resource.get() + " on the test class path"
                    + " (src/test/resources is on it; write the path below it)");
        }
        try {
            if (Files.isRegularFile(Path.of(bot))) return Optional.empty();
        } catch (InvalidPathException e) {
            // not a path: said below
        }
        // The bot beside the properties in src/test/resources, named as it lies there: classpath: was left out.
        String asResource = bot.replaceFirst("^/+", "");
        if (!asResource.isEmpty() && !asResource.contains("..") && loader.getResource(asResource) != null) {
            return Optional.of("cognigy.sandbox.bot=" + bot + " is no file, but a resource of that name is on the test class"
                    + " path: write cognigy.sandbox.bot=classpath:" + asResource);
        }
        return Optional.of("cognigy.sandbox.bot=" + bot + " is neither a file nor, with classpath:, a resource; write"
                + " classpath:bots/my-bot.yaml or a path relative to " + Path.of("").toAbsolutePath());
    }
}
