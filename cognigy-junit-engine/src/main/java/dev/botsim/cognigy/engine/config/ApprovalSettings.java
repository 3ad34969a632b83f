package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How tests with an approved answer are checked.
 *
 * @param approve whether the run accepts the bot's current answers, rewriting the approval files ({@code cognigy.approve})
 * @param dir     folder of the approval files ({@code cognigy.approve.dir})
 * @param inCi    what says the run is in CI ({@code CI=true}, {@code JENKINS_URL (Jenkins)}), empty outside CI: a missing
 *                approved answer then fails rather than being recorded
 */
public record ApprovalSettings(boolean approve, Path dir, Optional<String> inCi) {

    public static ApprovalSettings defaults() {
        return new ApprovalSettings(false, Path.of("src/test/cognigy/approved"), Optional.empty());
    }

    /** Whether the run is in CI ({@link #inCi()}). */
    public boolean ci() {
        return inCi.isPresent();
    }

    public ApprovalSettings withApprove(boolean approve) {
        return new ApprovalSettings(approve, dir, inCi);
    }

    public ApprovalSettings withDir(Path dir) {
        return new ApprovalSettings(approve, dir, inCi);
    }

    /** @param sign what says the run is in CI, as {@link #inCi()}; {@code null}: not in CI */
    public ApprovalSettings withCi(String sign) {
        return new ApprovalSettings(approve, dir, Optional.ofNullable(sign));
    }
}
