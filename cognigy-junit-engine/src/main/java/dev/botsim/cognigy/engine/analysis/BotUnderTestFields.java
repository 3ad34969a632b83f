package dev.botsim.cognigy.engine.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.botsim.cognigy.spi.BotUnderTest;
import dev.botsim.cognigy.spi.RunInfo;

/**
 * The deployment a run tested as {@code results.json}, the audit record and the webhook payload write it, in one
 * place so the three never name a field differently: {@code bot_under_test} with the project, endpoint, flow,
 * locale and snapshot ({@code null} snapshot fields: the live project).
 */
public final class BotUnderTestFields {

    private BotUnderTestFields() {
    }

    /** The fields in a fixed order, or {@code null} when the backend did not resolve the deployment. */
    public static Map<String, Object> of(RunInfo run) {
        BotUnderTest bot = run.bot().underTest();
        if (bot == null) return null;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project_id", bot.projectId());
        fields.put("project", bot.projectName());
        fields.put("endpoint", bot.endpointName());
        fields.put("flow", bot.flowName());
        fields.put("flow_reference_id", bot.flowReferenceId());
        fields.put("locale", bot.locale());
        fields.put("locale_reference_id", bot.localeReferenceId());
        fields.put("snapshot_id", bot.snapshotId());
        fields.put("snapshot", bot.snapshotName());
        return fields;
    }
}
