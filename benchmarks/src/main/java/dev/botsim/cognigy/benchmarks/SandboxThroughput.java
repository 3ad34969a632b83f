package dev.botsim.cognigy.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many requests per second the sandbox serves on loopback: workers alternate submitting a
 * simulation and reading its status (processing time 0), over kept-alive connections, the way the
 * engine talks to it. Client and server share the machine, so the figure is a lower bound.
 *
 * <p>Arguments: {@code [workers=32] [requests=100000] [warmup=10000]}.
 */
public final class SandboxThroughput {

    private static final MediaType JSON = MediaType.get("application/json");

    private SandboxThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        BotDefinition bot = BotDefinition.parse("""
                bot: bench
                entities: [{name: order_id, pattern: "ORD_[0-9]+"}]
                flows:
                  - id: flow_order
                    intents: [{name: check_order, examples: [where is my order, track my package ORD_1]}]
                    responses: ["Order {order_id} is on its way", "Which order?"]
                """, "bench.yaml");
        try (CognigySandbox sandbox = CognigySandbox.start(bot, SandboxOptions.defaults().withThreads(16))) {
            OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(workers, 5, java.util.concurrent.TimeUnit.MINUTES))
                    .callTimeout(Duration.ofSeconds(30)).build();
            http.dispatcher().setMaxRequests(workers * 2);
            http.dispatcher().setMaxRequestsPerHost(workers * 2);
            String token = token(http, sandbox);
            run(http, sandbox, token, workers, warmup);
            sandbox.stats();
            long start = System.nanoTime();
            long done = run(http, sandbox, token, workers, requests);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "sandbox throughput: %d requests in %.2f s with %d workers = %.0f requests/s (%d cores, Java %s)%n",
                    done, seconds, workers, done / seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static long run(OkHttpClient http, CognigySandbox sandbox, String token, int workers, int requests) throws Exception {
        AtomicLong remaining = new AtomicLong(requests);
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        JsonMapper json = JsonMapper.builder().build();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                long i = 0;
                while (remaining.addAndGet(-2) >= 0) {
                    String body = "{\"userId\":\"usr_bench\",\"platform\":\"web\",\"input\":{\"text\":\"where is my order ORD_" + i++
                            + "\"},\"context\":{},\"testId\":\"test_bench\"}";
                    JsonNode submitted = json.readTree(call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulate")
                            .header("Authorization", "Bearer " + token).post(RequestBody.create(body, JSON)).build()));
                    call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulation/" + submitted.path("simulationId").asString())
                            .header("Authorization", "Bearer " + token).build());
                    done.addAndGet(2);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        return done.get();
    }

    private static String call(OkHttpClient http, Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) throw new IOException("HTTP " + response.code() + " from " + request.url());
            return response.body().string();
        }
    }

    private static String token(OkHttpClient http, CognigySandbox sandbox) throws IOException {
        String body = call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token").post(new FormBody.Builder()
                .add("grant_type", "client_credentials").add("client_id", sandbox.clientId())
                .add("client_secret", sandbox.clientSecret()).build()).build());
        return JsonMapper.builder().build().readTree(body).path("access_token").asString();
    }
}
