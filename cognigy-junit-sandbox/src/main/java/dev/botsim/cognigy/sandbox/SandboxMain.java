package dev.botsim.cognigy.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cognigy-junit-sandbox-<version>-standalone.jar --bot order-bot.yaml [--port 8080]
 * [--processing-ms 300] [--client-id id] [--client-secret secret] [--url-token token]}
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
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
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
            i++;
        }
        if (bot == null) {
            usage();
            System.exit(2);
        }
        BotDefinition definition;
        try {
            definition = BotDefinition.load(bot);
        } catch (InvalidBotDefinitionException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CognigySandbox sandbox = CognigySandbox.start(definition, options.withCredentials(clientId, clientSecret));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        // The sandbox's own throwaway credentials, printed for local use.
        System.out.println("Cognigy sandbox serving bot '" + definition.bot() + "'");
        System.out.println("  simulation API: " + sandbox.baseUrl());
        System.out.println("  REST Endpoint:  " + sandbox.endpointUrl());
        System.out.println("  client id:      " + sandbox.clientId());
        System.out.println("  client secret:  " + sandbox.clientSecret());
        System.out.println("  admin:          " + sandbox.baseUrl() + "/_sandbox/stats, " + sandbox.baseUrl() + "/_sandbox/faults");
        new CountDownLatch(1).await();
    }

    private static String required(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }

    private static void usage() {
        System.err.println("usage: java -jar cognigy-junit-sandbox-standalone.jar --bot FILE [--port 8080] [--processing-ms 0]"
                + " [--client-id ID] [--client-secret SECRET] [--url-token TOKEN]");
    }
}
