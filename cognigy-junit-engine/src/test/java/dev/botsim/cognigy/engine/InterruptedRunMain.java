package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.engine;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.GovernanceReason;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A run in a JVM of its own, for {@link InterruptedRunTest} to stop: 40 simulations answered after 150 ms each, two at
 * a time (about 3 s), with an audit trail and a webhook whose receiver refuses connections. Prints {@code finished N}
 * as each test reports, and {@code run ended} if it gets to its end. Arguments: the folder to work in, the
 * receiver's URL, and optionally {@code approved-record}: each test approves its answer (none approved yet, so each
 * run approves it anew) and the run records a cassette, both kept in the folder; or {@code slow-end}: at the run's end,
 * a listener prints {@code run ending} and takes two seconds over the run, before the webhook payload is sent; or
 * {@code hanging-end}: that listener prints {@code run ending} and never returns, as one waiting on a server that does
 * not answer; or
 * {@code tenant <base URL>}: the engine's own simulation backend, with credentials, against the simulation API at that
 * URL (whose token endpoint a test may leave unanswered, to hold the run's start). The listener the engine's services
 * add prints {@code listener runStarted <batch>, <n> planned} and {@code listener runFinished <batch> <verdict>, <n>
 * results: [<reasons>]} as it is told.
 */
public final class InterruptedRunMain {

    static final int CASES = 40;

    private InterruptedRunMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean approvedRecord = args.length > 2 && args[2].equals("approved-record");
        boolean slowEnd = args.length > 2 && args[2].equals("slow-end");
        boolean hangingEnd = args.length > 2 && args[2].equals("hanging-end");
        boolean tenant = args.length > 3 && args[2].equals("tenant");
        String expect = approvedRecord ? "{ intent: greeting, approved: true }" : "{ intent: greeting }";
        StringBuilder cases = new StringBuilder("version: 1\ncases:\n");
        for (int i = 1; i <= CASES; i++) {
            cases.append("  - id: test_hello_").append(i).append("\n    utterance: hello\n    expect: ").append(expect).append("\n");
        }
        Path file = Files.writeString(dir.resolve("hello.sim.yaml"), cases);
        // Once the JVM is shutting down, the rest of the run takes long, as a real suite's minutes would: the tests
        // still running hold at their report until the JVM halts, so the run cannot reach its end while the engine's
        // hook concludes it, however slowly a loaded machine lets that hook write.
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shuttingDown.set(true), "shutdown-seen"));
        SimulationListener progress = new SimulationListener() {
            private int finished;

            @Override
            public synchronized void simulationFinished(SimulationRecord record) {
                System.out.println("finished " + ++finished);
                System.out.flush();
                if (shuttingDown.get()) {
                    try {
                        Thread.sleep(20_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void runStarted(RunInfo run) {
                System.out.println("listener runStarted " + run.batchId() + ", " + run.plannedTests() + " planned");
                System.out.flush();
            }

            @Override
            public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
                System.out.println("listener runFinished " + run.batchId() + " " + summary.governance() + ", " + records.size()
                        + " results: " + summary.governanceReasons().stream().map(GovernanceReason::message).toList());
                System.out.flush();
                if (!slowEnd && !hangingEnd) return;
                System.out.println("run ending");
                System.out.flush();
                try {
                    Thread.sleep(hangingEnd ? Long.MAX_VALUE : 2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        String webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        Map<String, String> credentials = Map.of(Constants.WEBHOOK_SECRET_ENV, webhookSecret, Constants.CLIENT_ID_ENV, "client-1",
                Constants.CLIENT_SECRET_ENV, "secret-1");
        EngineTestKit.Builder kit = EngineTestKit.engine(tenant
                ? new CognigyTestEngine(new EngineServices(credentials::get, Backends::create, Clock.systemUTC()).withListeners(progress))
                : engine(new ScriptedBackend().withDelay(150), Map.of(Constants.WEBHOOK_SECRET_ENV, webhookSecret), progress));
        if (tenant) {
            kit.configurationParameter(Constants.BACKEND, "simulation").configurationParameter(Constants.BASE_URL, args[3]);
        }
        if (approvedRecord) {
            kit.configurationParameter(Constants.APPROVE_DIR, dir.resolve("approved").toString())
                    .configurationParameter(Constants.REPLAY, "record")
                    .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString());
        }
        kit.configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, args[1])
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .configurationParameter(Constants.MAX_CONCURRENCY, "2")
                .selectors(selectFile(file.toFile())).execute();
        System.out.println("run ended");
    }
}
