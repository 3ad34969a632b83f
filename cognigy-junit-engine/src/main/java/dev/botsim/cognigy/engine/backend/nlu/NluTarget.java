package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.config.Constants.ENDPOINT_URL_ENV;
import static dev.botsim.cognigy.engine.config.Constants.NLU_FLOW;
import static dev.botsim.cognigy.engine.config.Constants.NLU_LOCALE;
import static dev.botsim.cognigy.engine.config.Constants.NLU_TRAIN_FIRST;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.backend.management.AttachedFlows;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.management.ManagementReads;
import dev.botsim.cognigy.engine.backend.management.ProjectResources;
import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.spi.BotUnderTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flow and locale sentences are scored against, the thresholds an intent must reach there and what Cognigy does
 * with each intent of the flow's model, resolved once before the first test: from {@code cognigy.nlu.flow} and
 * {@code cognigy.nlu.locale} (names or reference ids) or from the endpoint under test. Before any sentence is scored,
 * the flow's model and its attached flows' must be trained: an out-of-date model would score yesterday's intents, so
 * the run fails naming the flows, or trains them first when {@code cognigy.nlu.train-first=true}.
 *
 * @param flowReferenceId   what the scores request names the flow by
 * @param flowName          the flow's display name, for reports
 * @param localeReferenceId what the scores request names the locale by
 * @param thresholds        the flow's {@code intentThreshold}: {@code lower}, below which Cognigy recognises no intent, and
 *                          {@code upper}, below which an intent with a confirmation sentence is asked back
 * @param attachedThresholds by an attached flow's reference id, its own {@code intentThreshold}, which its intents are
 *                          judged by when the flow's settings say to use the attached flows' thresholds
 *                          ({@code useAttachedFlowThresholds}, on unless they say {@code false}); empty when they say not
 * @param intents           which of the model's intents are reject intents and which are disabled
 */
record NluTarget(String flowReferenceId, String flowName, String localeReferenceId, IntentRanking.Thresholds thresholds,
                 Map<String, IntentRanking.Thresholds> attachedThresholds, NluIntents intents) {

    NluTarget {
        attachedThresholds = Map.copyOf(attachedThresholds);
    }

    /** Cognigy's documented default reconfirmation threshold, for settings that hold none. */
    static final double DEFAULT_THRESHOLD = 0.2;
    /** Cognigy's documented default confidence threshold, for settings that hold none. */
    static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.4;

    /** How often a training task is looked at, and how many times before giving up (10 minutes). */
    static final Duration TASK_POLL = Duration.ofSeconds(2);
    static final int TASK_POLLS = 300;

    /**
     * @param reads what the bot's schema read before: the flow list, the flow, its and its attached flows' settings and
     *              intent lists are taken from it when the schema made the same request, else read
     */
    static NluTarget resolve(ManagementClient api, ManagementReads reads, String projectId, NluSettings settings,
                             Optional<BotUnderTest> underTest, Sleeper sleeper) {
        List<Flow> flows = ProjectResources.flows(reads, projectId);
        Flow flow = flow(flows, settings, underTest);
        String locale = locale(api, projectId, settings, underTest);
        JsonNode flowSettings = reads.get("flows/" + flow.id() + "/settings", List.of());
        IntentRanking.Thresholds thresholds = thresholds(flow, flowSettings.path("intentThreshold"));
        List<Flow> scope = AttachedFlows.of(reads.get("flows/" + flow.id(), List.of()), flow, flows).scope();
        Map<String, IntentRanking.Thresholds> attachedThresholds = new LinkedHashMap<>();
        // Cognigy's "Use Thresholds of the attached Flows", on by default: an attached flow's intents meet its own thresholds.
        if (flowSettings.path("useAttachedFlowThresholds").asBoolean(true)) {
            for (Flow attached : scope.subList(1, scope.size())) {
                attachedThresholds.put(attached.referenceId(), thresholds(attached,
                        reads.get("flows/" + attached.id() + "/settings", List.of()).path("intentThreshold")));
            }
        }
        List<Flow> stale = scope.stream().filter(Flow::trainingOutOfDate).toList();
        if (!stale.isEmpty()) {
            if (!settings.trainFirst()) {
                throw new BackendException(BackendException.Kind.CONFIGURATION, "the NLU model of " + names(stale) + " is out of date:"
                        + " sentences would be scored by an older model. Train it (Build Model in the flow's NLU tab) or set "
                        + NLU_TRAIN_FIRST + "=true; no test was run.");
            }
            for (Flow f : stale) train(api, f, sleeper);
        }
        return new NluTarget(flow.referenceId(), flow.name(), locale, thresholds, attachedThresholds, NluIntents.read(reads, scope));
    }

    /**
     * The thresholds an intent of the flow with this reference id is judged by when they are not the scored flow's: an
     * attached flow's own, when they differ; {@code null} for the scored flow's (an intent of the scored flow, of an
     * attached flow with the same thresholds, or without a flow).
     */
    IntentRanking.Thresholds thresholdsOf(String flowReference) {
        IntentRanking.Thresholds own = flowReference == null ? null : attachedThresholds.get(flowReference);
        return own == null || own.equals(thresholds) ? null : own;
    }

    /**
     * The flow's {@code intentThreshold}: {@code lower} (the Reconfirmation Threshold) and {@code upper} (the Confidence
     * Threshold), Cognigy's defaults (0.2 and 0.4) for one the settings hold none of, and {@code upper} never below
     * {@code lower}. One given in another shape (text, a percentage, a negative number) is refused rather than replaced
     * by the default: a lower threshold than the flow's recognises sentences Cognigy does not, and a test expecting such
     * a sentence's intent would pass here only.
     */
    static IntentRanking.Thresholds thresholds(Flow flow, JsonNode intentThreshold) {
        double lower = threshold(flow, "lower", "Reconfirmation Threshold", intentThreshold.path("lower"), DEFAULT_THRESHOLD);
        double upper = threshold(flow, "upper", "Confidence Threshold", intentThreshold.path("upper"), DEFAULT_CONFIDENCE_THRESHOLD);
        return new IntentRanking.Thresholds(lower, upper);
    }

    private static double threshold(Flow flow, String field, String setting, JsonNode value, double byDefault) {
        if (value.isMissingNode() || value.isNull()) return byDefault;
        if (value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1) return value.asDouble();
        throw new BackendException(BackendException.Kind.PROTOCOL, "the settings of flow '" + ConsoleText.oneLine(flow.name())
                + "' give intentThreshold." + field + " as " + ConsoleText.oneLine(Excerpt.of(value.toString(), 40)) + ", not a"
                + " number from 0 to 1: the score an intent must reach there is unknown, and a guessed one could recognise"
                + " sentences Cognigy does not; check the flow's " + setting + " in its NLU settings (GET /new/v2.0/flows/"
                + flow.id() + "/settings); no test was run.");
    }

    private static Flow flow(List<Flow> flows, NluSettings settings, Optional<BotUnderTest> underTest) {
        if (settings.flow().isPresent()) return ProjectResources.flow(flows, NLU_FLOW, settings.flow().get());
        String reference = underTest.map(BotUnderTest::flowReferenceId).orElseThrow(() -> new ConfigurationException(
                "cognigy.backend=nlu needs the flow to score against: set " + NLU_FLOW + " (a name or reference id), or the"
                        + " environment variable " + ENDPOINT_URL_ENV + " to take the flow of that REST endpoint"));
        return ProjectResources.flowByReference(flows, reference).orElseThrow(() ->
                new ConfigurationException("the endpoint's flow " + reference + " is not among the project's flows; set " + NLU_FLOW));
    }

    private static String locale(ManagementClient api, String projectId, NluSettings settings, Optional<BotUnderTest> underTest) {
        if (settings.locale().isPresent()) {
            List<ProjectResources.Locale> locales = ProjectResources.locales(api, projectId);
            String wanted = settings.locale().get();
            try {
                return LocaleNames.find(locales, wanted).orElseThrow(() -> new ConfigurationException(NLU_LOCALE + "=" + wanted
                        + " names no locale of the project (locales: " + ProjectResources.listed(locales) + "); use a locale's"
                        + " name, language or reference id")).referenceId();
            } catch (LocaleNames.Ambiguous e) {
                throw new ConfigurationException(NLU_LOCALE + "=" + wanted + " " + e.getMessage());
            }
        }
        return underTest.map(BotUnderTest::localeReferenceId).orElseThrow(() -> new ConfigurationException(
                "cognigy.backend=nlu needs the locale to score in: set " + NLU_LOCALE + " (a name such as en-US, or a reference"
                        + " id), or the environment variable " + ENDPOINT_URL_ENV + " to take the locale of that REST endpoint"));
    }

    /** {@code POST flows/{id}/intents/train}, then its task looked at until it is done. */
    private static void train(ManagementClient api, Flow flow, Sleeper sleeper) {
        JsonNode task = api.post("flows/" + flow.id() + "/intents/train", JsonMapper.builder().build().createObjectNode());
        String taskId = task.path("_id").asString(null);
        if (taskId == null) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "training flow '" + flow.name() + "' gave no task id");
        }
        String status = "";
        for (int poll = 0; poll < TASK_POLLS; poll++) {
            status = api.get("tasks/" + taskId, List.of()).path("status").asString("");
            switch (status) {
                case "done":
                    return;
                case "error", "cancelled":
                    throw new BackendException(BackendException.Kind.REJECTED, "training flow '" + flow.name() + "' ended with"
                            + " status " + status + " (task " + taskId + "); fix the flow's intents in Cognigy; no test was run.");
                default:
                    try {
                        sleeper.sleep(TASK_POLL);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new BackendInterruptedException("waiting for the training of flow '" + flow.name() + "' was abandoned");
                    }
            }
        }
        // The last status says whether it never started (queued behind other tasks), ran long, or is one this client does not know.
        throw new BackendException(BackendException.Kind.TRANSPORT, "training flow '" + flow.name() + "' was not done after "
                + TASK_POLL.multipliedBy(TASK_POLLS).toMinutes() + " minutes (task " + taskId + ", last status "
                + (status.isBlank() ? "(none)" : ConsoleText.oneLine(Excerpt.of(status, 40))) + "); train it in Cognigy (Build Model"
                + " in the flow's NLU tab) and run again; no test was run.");
    }

    private static String names(List<Flow> flows) {
        return (flows.size() == 1 ? "flow " : "flows ") + String.join(", ", flows.stream().map(f -> "'" + f.name() + "'").toList());
    }
}
