package dev.botsim.cognigy.engine.support;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An NLU score (0 to 1) for a reader who compares it with a threshold shown beside it — {@code intent_min_score}, the
 * flow's intent threshold, the fragile margin. Rounding half up made 0.749 read {@code 0.75} beside a threshold of 0.75
 * it missed, and "best 0.75 is below the threshold 0.75". A score is shown as reported when it has at most three
 * decimals, with at least two ({@code 0.90}, {@code 0.925}); a longer one is cut after the third and marked
 * ({@code 0.749…}, {@code 0.333…}), so a shown score is never above the real one and never reads as reaching a threshold
 * of up to three decimals it missed. Computed in decimal, without a {@link java.util.Formatter}: a report of thousands
 * of turns shows a score for each.
 */
public final class ScoreText {

    private static final int MOST_DECIMALS = 3;

    private ScoreText() {
    }

    /** The score as shown: {@code "0.75"}, {@code "0.925"}, {@code "0.749…"}; {@code "NaN"} when there is none. */
    public static String of(double score) {
        if (!Double.isFinite(score)) return Double.toString(score);
        BigDecimal exact = BigDecimal.valueOf(score).stripTrailingZeros();
        if (exact.scale() > MOST_DECIMALS) return exact.setScale(MOST_DECIMALS, RoundingMode.DOWN).toPlainString() + "…";
        return atLeastTwoDecimals(exact);
    }

    /** A threshold or margin a score is read against, exactly as set, with at least two decimals: {@code "0.40"}, {@code "0.7495"}. */
    public static String limit(double limit) {
        if (!Double.isFinite(limit)) return Double.toString(limit);
        return atLeastTwoDecimals(BigDecimal.valueOf(limit).stripTrailingZeros());
    }

    private static String atLeastTwoDecimals(BigDecimal exact) {
        return exact.setScale(Math.max(2, exact.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }
}
