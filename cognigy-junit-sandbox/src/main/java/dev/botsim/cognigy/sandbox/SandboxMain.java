package dev.botsim.cognigy.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cognigy-junit-sandbox-<version>-standalone.jar --bot order-bot.yaml [--port 8080]
 * [--processing-ms 300] [--client-id id] [--client-secret secret] [--url-token token] [--api-key key]
 * [--snapshot name] [--nlu-output when-marked|always|never] [--text-only-transformer] [--playbooks file]}
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
        } catch (InvalidBotDefinitionException e) {
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
                case "--port" -> options = options.withPort(Integer.parseInt(required(args[i], value)));
                case "--processing-ms" -> options = options.withProcessingTime(Duration.ofMillis(Long.parseLong(required(args[i], value))));
                case "--client-id" -> clientId = required(args[i], value);
                case "--client-secret" -> clientSecret = required(args[i], value);
                case "--url-token" -> options = options.withUrlToken(required(args[i], value));
                case "--api-key" -> options = options.withManagementApiKey(required(args[i], value));
                case "--snapshot" -> options = options.withSnapshot(required(args[i], value));
                case "--playbooks" -> options = options.withPlaybookSeed(Path.of(required(args[i], value)));
                case "--nlu-output" -> options = options.withNluOutput(nluOutput(required(args[i], value)));
                case "--text-only-transformer" -> {
                    options = options.withTextOnlyTransformer(true);
                    i--; // a flag, no value
                }
                case "--help", "-h" -> {
                    usage();
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (bot == null) throw new IllegalArgumentException("--bot FILE is required");
        BotDefinition definition = BotDefinition.load(bot);
        CognigySandbox sandbox = CognigySandbox.start(definition, options.withCredentials(clientId, clientSecret));
        // The sandbox's own throwaway credentials, printed for local use.
        out.println("Cognigy sandbox serving bot '" + definition.bot() + "'");
        out.println("  simulation API: " + sandbox.baseUrl());
        out.println("  REST Endpoint:  " + sandbox.endpointUrl() + "   (test mode: " + sandbox.testEndpointUrl() + ")");
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

    private static String required(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }

    private static void usage() {
        System.err.println("usage: java -jar cognigy-junit-sandbox-standalone.jar --bot FILE [--port 8080] [--processing-ms 0]"
                + " [--client-id ID] [--client-secret SECRET] [--url-token TOKEN] [--api-key KEY] [--snapshot NAME]"
                + " [--nlu-output when-marked|always|never] [--text-only-transformer] [--playbooks FILE]");
    }
}
