package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Which deployment of the bot a run tested, as the backend resolved it: the project, the endpoint, the flow it
 * serves, its locale and the snapshot (or the live project). Reports, the audit record and the webhook carry it,
 * so a result can be tied to the version of the bot it was measured on. Any component the backend could not tell
 * is {@code null}.
 *
 * <p>Read it through its accessors; build it with {@link #builder()}, which gives a component added later a
 * default. The canonical constructor changes with the components.
 *
 * @param projectId         the project's id
 * @param projectName       the project's display name
 * @param endpointName      the display name of the endpoint the tests talked to
 * @param flowName          the display name of the flow the endpoint serves
 * @param flowReferenceId   that flow's reference id (a UUID; stable across snapshots and renames)
 * @param locale            the name of the endpoint's locale ({@code en-US})
 * @param localeReferenceId that locale's reference id
 * @param snapshotId        the id of the snapshot the endpoint serves, or {@code null} when it serves the live project
 * @param snapshotName      that snapshot's name, or {@code null} when it serves the live project
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BotUnderTest(String projectId, String projectName, String endpointName, String flowName, String flowReferenceId,
                           String locale, String localeReferenceId, String snapshotId, String snapshotName) {

    @API(status = INTERNAL, since = "0.1")
    public BotUnderTest {
    }

    /** Whether the endpoint serves the live project rather than a snapshot. */
    public boolean servesLiveProject() {
        return snapshotId == null;
    }

    /** Components to fill in; those not set are {@code null}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these components, to change some of them. */
    public Builder toBuilder() {
        return new Builder().projectId(projectId).projectName(projectName).endpointName(endpointName).flowName(flowName)
                .flowReferenceId(flowReferenceId).locale(locale).localeReferenceId(localeReferenceId).snapshotId(snapshotId)
                .snapshotName(snapshotName);
    }

    /** Collects a {@link BotUnderTest}'s components; those not set are {@code null}. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private String projectId;
        private String projectName;
        private String endpointName;
        private String flowName;
        private String flowReferenceId;
        private String locale;
        private String localeReferenceId;
        private String snapshotId;
        private String snapshotName;

        private Builder() {
        }

        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        public Builder projectName(String projectName) {
            this.projectName = projectName;
            return this;
        }

        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName;
            return this;
        }

        public Builder flowName(String flowName) {
            this.flowName = flowName;
            return this;
        }

        public Builder flowReferenceId(String flowReferenceId) {
            this.flowReferenceId = flowReferenceId;
            return this;
        }

        public Builder locale(String locale) {
            this.locale = locale;
            return this;
        }

        public Builder localeReferenceId(String localeReferenceId) {
            this.localeReferenceId = localeReferenceId;
            return this;
        }

        public Builder snapshotId(String snapshotId) {
            this.snapshotId = snapshotId;
            return this;
        }

        public Builder snapshotName(String snapshotName) {
            this.snapshotName = snapshotName;
            return this;
        }

        public BotUnderTest build() {
            return new BotUnderTest(projectId, projectName, endpointName, flowName, flowReferenceId, locale, localeReferenceId,
                    snapshotId, snapshotName);
        }
    }
}
