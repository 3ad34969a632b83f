package dev.botsim.cognigy.engine.support;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A share as a percentage for a reader who compares it with a limit shown beside it — the governance threshold, the
 * minimum flow coverage, a repeated test's pass ratio. The share is rounded down, never up, to at least as many decimals
 * as the limit has, so one below its limit never reads as reaching it (1,899 of 2,000 is 94.9 %, not the 95.0 % that
 * rounding half up gives, beside a threshold of 95 % the run missed), one that reaches it never reads as below, and only
 * a share with nothing missing reads 100 %. Computed exactly in decimal, as the verdict compares it.
 */
public final class Percent {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Percent() {
    }

    /**
     * {@code part ÷ whole} in percent, without the sign: {@code "94.9"}; 0 when {@code whole} is 0.
     *
     * @param decimals the fewest decimals shown
     * @param limit    the ratio (0 to 1) it is read against, whose decimals in percent it shows at least; {@code null}: none
     */
    public static String of(long part, long whole, int decimals, BigDecimal limit) {
        int shown = limit == null ? decimals : Math.max(decimals, exact(limit).scale());
        if (whole == 0) return BigDecimal.ZERO.setScale(shown, RoundingMode.UNNECESSARY).toPlainString();
        return BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), shown, RoundingMode.FLOOR).toPlainString();
    }

    /** {@code part ÷ whole} in percent, rounded down to {@code decimals}. */
    public static String of(long part, long whole, int decimals) {
        return of(part, whole, decimals, null);
    }

    /** A limit given as a ratio from 0 to 1, in percent exactly as given, without the sign: 0.95 is {@code "95"}, 0.9555 {@code "95.55"}. */
    public static String limit(BigDecimal ratio) {
        return exact(ratio).toPlainString();
    }

    /** @see #limit(BigDecimal) the same for a setting read as a double: its shortest decimal form, as it was written */
    public static String limit(double ratio) {
        return limit(BigDecimal.valueOf(ratio));
    }

    /** The ratio in percent without trailing zeros, its scale never below 0 (100, not 1E+2). */
    private static BigDecimal exact(BigDecimal ratio) {
        BigDecimal percent = ratio.movePointRight(2).stripTrailingZeros();
        return percent.scale() < 0 ? percent.setScale(0, RoundingMode.UNNECESSARY) : percent;
    }
}
