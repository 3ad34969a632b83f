package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;

/**
 * How tests with an approved answer are checked.
 *
 * @param approve whether the run accepts the bot's current answers, rewriting the approval files ({@code cognigy.approve})
 * @param dir     folder of the approval files ({@code cognigy.approve.dir})
 * @param ci      whether the run is in CI ({@code CI=true}): a missing approved answer then fails rather than being recorded
 */
public record ApprovalSettings(boolean approve, Path dir, boolean ci) {

    public static ApprovalSettings defaults() {
        return new ApprovalSettings(false, Path.of("src/test/cognigy/approved"), false);
    }

    public ApprovalSettings withApprove(boolean approve) {
        return new ApprovalSettings(approve, dir, ci);
    }

    public ApprovalSettings withDir(Path dir) {
        return new ApprovalSettings(approve, dir, ci);
    }

    public ApprovalSettings withCi(boolean ci) {
        return new ApprovalSettings(approve, dir, ci);
    }
}
