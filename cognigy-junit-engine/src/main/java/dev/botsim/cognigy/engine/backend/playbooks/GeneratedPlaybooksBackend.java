package dev.botsim.cognigy.engine.backend.playbooks;


import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointAnswers;
import dev.botsim.cognigy.engine.backend.endpoint.OutputConvention;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.generated.GeneratedPlaybook;
import dev.botsim.cognigy.engine.generated.GeneratedSuite;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.PlaybooksSettings;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.spi.BotUnderTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy.backend=playbooks} in mode {@code generated}: each case or conversation runs as a temporary Cognigy
 * Playbook, created when its first message is sent (once a run slot is free), scheduled and read through the same
 * {@link PlaybookRunner} as the project's own playbooks (ten runs at most, adaptive polling, the #145 fallback,
 * cancel), and deleted at once, whatever happened. A single case's message is its playbook; a conversation's first
 * message runs the whole conversation, and each turn then takes its step's results ({@code StepResults}: by the step's
 * {@code _id}, never by their order), in the session the turns share.
 * A {@code @Conversation} method's turn runs the turns so far as one playbook ({@link ReplayedConversations}).
 * Playbooks a killed run left behind are swept when the backend opens. Runs against a tenant or the embedded sandbox.
 */
public final class GeneratedPlaybooksBackend implements Backend {

    private static final String HINT = "Cognigy's playbook results carried no NLU report: the engine reads intent score, next flow and"
            + " entity values from the output data a playbook's data assertion saw, which has them only when the flows under test"
            + " report them through the Code node of docs/real-cognigy.md (it reports for messages carrying cognigyJunit in"
            + " input.data, which every generated step sends).";

    private final ManagementClient client;
    private final TemporaryPlaybooks temporary;
    private final PlaybookRunner runner;
    private final Target target;
    private final GeneratedSuite suite;
    private final StepAnswer answers;
    private final List<String> swept;
    private final BotSchema schema;
    private final Optional<PlaybookTenant.StandIn> standIn;
    /** Finished runs of conversations, by session: the first turn runs the playbook, every turn reads its step. */
    private final Map<String, StepResults> conversations = new ConcurrentHashMap<>();
    private final ReplayedConversations replayed;

    /**
     * @param flowsLastChanged when each flow of the live project the playbooks run against was last changed (empty for a
     *                         snapshot, whose id is its version): {@code cognigy.replay=auto} tells an edit by it
     */
    GeneratedPlaybooksBackend(ManagementClient client, TemporaryPlaybooks temporary, PlaybookRunner runner, Target target,
                              BotUnderTest deployment, Map<String, String> flowsLastChanged, GeneratedSuite suite,
                              OutputConvention convention, Optional<PlaybookTenant.StandIn> standIn) {
        this.client = client;
        this.temporary = temporary;
        this.runner = runner;
        this.target = target;
        this.suite = suite;
        this.standIn = standIn;
        this.schema = BotSchema.UNKNOWN.withUnderTest(deployment).withFlowsLastChanged(flowsLastChanged);
        JsonMapper json = JsonMapper.builder().build();
        this.answers = new StepAnswer(new EndpointAnswers(convention, Optional.empty(), json), json);
        this.replayed = new ReplayedConversations(answers);
        this.swept = temporary.sweep();
    }

    /**
     * Opens the management client of {@code tenant} (a tenant's, or the embedded sandbox's, which the backend then
     * owns and closes, also when this fails), resolves what playbooks run against (as mode {@code existing} does) and
     * sweeps what killed runs left.
     */
    public static GeneratedPlaybooksBackend open(PlaybookTenant tenant, EngineConfig config, PlaybooksSettings settings,
                                                 GeneratedSuite suite, Clock clock, Sleeper sleeper) {
        ManagementApiSchema.Settings management = tenant.management();
        String project = management.projectId();
        ManagementClient client;
        try {
            client = ManagementClient.open(management);
        } catch (RuntimeException e) {
            tenant.standIn().ifPresent(PlaybookTenant.StandIn::close);
            throw e;
        }
        try {
            PlaybookTargets targets = new PlaybookTargets(client, tenant);
            Target target = targets.configured(settings);
            PlaybookRunner runner = new PlaybookRunner(new PlaybooksApi(client, project),
                    new PlaybookRunner.Settings(config.maxConcurrency(), PlaybookSession.timeout(suite.longest()),
                            management.http().call(), clock, sleeper));
            BotUnderTest deployment = targets.describe(target);
            // The live project's version is its flows' last-change times, from the flow list describing the target read:
            // a replayed answer is never taken for the bot's after a flow was edited.
            Map<String, String> flowsLastChanged = deployment.servesLiveProject() ? targets.flowsLastChanged() : Map.of();
            return new GeneratedPlaybooksBackend(client, new TemporaryPlaybooks(client, project, clock, management.http().call()),
                    runner, target,
                    deployment, flowsLastChanged, suite, OutputConvention.of(config.backend().endpointData()), tenant.standIn());
        } catch (RuntimeException e) {
            client.close();
            tenant.standIn().ifPresent(PlaybookTenant.StandIn::close);
            throw e;
        }
    }

    @Override
    public String name() {
        return "playbooks";
    }

    /** Nothing of the bot's schema, but the deployment the playbooks run against, for reports. */
    @Override
    public BotSchema schema() {
        return schema;
    }

    /** What the embedded sandbox counted of the run so far; empty against a tenant. */
    public Optional<Map<String, String>> standInCounters() {
        return standIn.map(PlaybookTenant.StandIn::counters);
    }

    /** Names of the generated playbooks swept when this backend opened. */
    public List<String> swept() {
        return swept;
    }

    @Override
    public TurnResult send(TurnRequest request) {
        Optional<GeneratedSuite.Place> found = suite.place(request.testId());
        if (found.isEmpty() && suite.conversationMethod(request.testId(), request.turn()).isPresent()) {
            return replayed.send(request, this::run);
        }
        GeneratedSuite.Place place = found.orElseThrow(() -> new BackendException(BackendException.Kind.CONFIGURATION,
                "test " + request.testId() + " has no generated playbook (cognigy.playbooks.mode=generated compiles data-file cases,"
                        + " conversations, @Utterance and @Conversation methods)").withMessageUnsent());
        GeneratedPlaybook playbook = place.playbook();
        String session = request.sessionId() != null ? request.sessionId() : "playbook:" + request.testId();
        StepResults run;
        if (playbook.steps().size() == 1) {
            run = run(playbook, request.runId());
        } else {
            // A conversation's turns come one after the other on one thread; its first message runs them all.
            String key = session + "\n" + playbook.testId();
            run = conversations.get(key);
            if (run == null) {
                run = run(playbook, request.runId());
                conversations.put(key, run);
            }
        }
        String shown = "playbook " + playbook.name(request.runId());
        int step = place.step();
        PlaybookRun.StepResult result = run.step(step);
        if (result.timeout()) {
            throw new BackendException(BackendException.Kind.TIMEOUT, "step " + (step + 1) + " of " + shown + " timed out at Cognigy: the"
                    + " bot did not answer within the step timeout of " + TemporaryPlaybooks.STEP_TIMEOUT_MS / 1000 + " s");
        }
        return answers.of(result, session, step + 1, shown);
    }

    /**
     * Creates the playbook once a run slot is free, runs it, and deletes it whatever happened; its results are set beside
     * the steps by the ids they were created with.
     */
    private StepResults run(GeneratedPlaybook generated, String runId) {
        Playbook[] created = new Playbook[1];
        try {
            PlaybookRunner.Outcome outcome = runner.runCreated(() -> {
                created[0] = temporary.create(generated, runId);
                return created[0];
            }, target);
            if (outcome instanceof PlaybookRunner.Failed failed) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "playbook " + generated.name(runId) + " failed at Cognigy: "
                        + failed.reason());
            }
            if (outcome instanceof PlaybookRunner.Cancelled) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "playbook " + generated.name(runId) + " was cancelled at"
                        + " Cognigy before it ran");
            }
            return StepResults.of(created[0], ((PlaybookRunner.Finished) outcome).run(), "playbook " + generated.name(runId));
        } finally {
            if (created[0] != null) temporary.delete(created[0].id());
        }
    }

    @Override
    public Optional<String> missingNluDataHint() {
        return Optional.of(HINT);
    }

    /** The project's sandbox, when the management API running the playbooks said it is one. */
    @Override
    public Optional<String> standIn() {
        return client.sandboxSeen();
    }

    /**
     * Deletes the playbooks tests abandoned (a cancelled run), those of creates still out once they are answered, then
     * closes the client and the sandbox it ran at.
     */
    @Override
    public void close() {
        try {
            temporary.close();
        } finally {
            try {
                client.close();
            } finally {
                standIn.ifPresent(PlaybookTenant.StandIn::close);
            }
        }
    }
}
