package dev.botsim.cognigy.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cognigy-junit-sandbox-<version>-standalone.jar --bot order-bot.yaml [--port 8080]
 * [--processing-ms 300] [--client-id id] [--client-secret secret] [--url-token token] [--api-key key]
 * [--snapshot name] [--nlu-output when-marked|always|never] [--code-node-flow name] [--code-node-at-end-only]
 * [--default-reply-nesting] [--text-only-transformer] [--playbooks file]}
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        CognigySandbox sandbox;
        try {
            sandbox = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
            return;
        } catch (InvalidBotDefinitionException | CannotListen e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        if (sandbox == null) return;
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        new CountDownLatch(1).await();
    }

    /**
     * Starts the sandbox the arguments describe and prints its URLs and throwaway credentials to
     * {@code out}; {@code null} for {@code --help}. Bad arguments throw {@link IllegalArgumentException}.
     */
    static CognigySandbox start(String[] args, PrintStream out) {
        SandboxOptions options = SandboxOptions.defaults().withPort(8080);
        Path bot = null;
        String clientId = options.clientId();
        String clientSecret = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bot" -> bot = Path.of(required(args[i], value));
                case "--port" -> options = options.withPort((int) number(args[i], value, 0, 65535));
                case "--processing-ms" -> options = options.withProcessingTime(Duration.ofMillis(number(args[i], value, 0, 86_400_000)));
                case "--client-id" -> clientId = required(args[i], value);
                case "--client-secret" -> clientSecret = required(args[i], value);
                case "--url-token" -> options = options.withUrlToken(required(args[i], value));
                case "--api-key" -> options = options.withManagementApiKey(required(args[i], value));
                case "--snapshot" -> options = options.withSnapshot(required(args[i], value));
                case "--playbooks" -> options = options.withPlaybookSeed(Path.of(required(args[i], value)));
                case "--nlu-output" -> options = options.withNluOutput(nluOutput(required(args[i], value)));
                case "--code-node-flow" -> options = options.withCodeNodeFlow(codeNodeFlow(required(args[i], value)));
                case "--text-only-transformer" -> {
                    options = options.withTextOnlyTransformer(true);
                    i--; // a flag, no value
                }
                case "--code-node-at-end-only" -> {
                    options = options.withCodeNodeBeforeQuestions(false);
                    i--;
                }
                case "--default-reply-nesting" -> {
                    options = options.withDefaultReplyNesting(true);
                    i--;
                }
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (bot == null) throw new IllegalArgumentException("--bot FILE is required");
        BotDefinition definition = BotDefinition.load(bot);
        CognigySandbox sandbox;
        try {
            sandbox = CognigySandbox.start(definition, options.withCredentials(clientId, clientSecret));
        } catch (java.io.UncheckedIOException e) {
            throw new CannotListen("cannot listen on 127.0.0.1:" + options.port() + ": " + e.getCause().getMessage()
                    + " — stop what uses the port or choose another with --port (--port 0 picks a free one)");
        }
        // The sandbox's own throwaway credentials, printed for local use.
        out.println("Cognigy sandbox serving bot '" + definition.bot() + "'");
        out.println("  simulation API: " + sandbox.baseUrl());
        out.println("  REST Endpoint:  " + sandbox.endpointUrl() + "   (test mode: " + sandbox.testEndpointUrl() + ")");
        out.println("  Socket Endpoint: " + sandbox.socketEndpointUrl() + "   (WebSocket, Engine.IO 3 / Socket.IO 2; test mode: testMode=true)");
        out.println("  client id:      " + sandbox.clientId());
        out.println("  client secret:  " + sandbox.clientSecret());
        out.println("  management API: " + sandbox.managementUrl() + "   (" + ManagementApi.PREFIX + "...)");
        out.println("  API key:        " + sandbox.managementApiKey());
        out.println("  project id:     " + sandbox.projectId());
        out.println("  admin:          " + sandbox.baseUrl() + "/_sandbox/stats, " + sandbox.baseUrl() + "/_sandbox/faults");
        return sandbox;
    }

    private static NluOutput nluOutput(String value) {
        try {
            return NluOutput.valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--nlu-output takes when-marked, always or never, not " + value);
        }
    }

    private static String codeNodeFlow(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--code-node-flow takes the display name of the flow the Code node is placed in"
                    + " once (e.g. \"Test Reporting\"), not a blank name; leave the option out for a node in each handling flow");
        }
        return value;
    }

    private static long number(String option, String value, long min, long max) {
        String given = required(option, value);
        try {
            long number = Long.parseLong(given);
            if (number >= min && number <= max) return number;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(option + " takes a whole number from " + min + " to " + max + ", not " + given);
    }

    /** The sandbox could not open its port: a message for the command line, without a stack trace. */
    static final class CannotListen extends RuntimeException {
        CannotListen(String message) {
            super(message);
        }
    }

    private static String required(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }

    private static final String USAGE = "usage: java -jar cognigy-junit-sandbox-standalone.jar --bot FILE [--port 8080] [--processing-ms 0]"
            + " [--client-id ID] [--client-secret SECRET] [--url-token TOKEN] [--api-key KEY] [--snapshot NAME]"
            + " [--nlu-output when-marked|always|never] [--code-node-flow NAME] [--code-node-at-end-only] [--default-reply-nesting]"
            + " [--text-only-transformer] [--playbooks FILE]";

    private static void usage() {
        System.err.println(USAGE);
    }
}
