package dev.botsim.cognigy.engine.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A precision, recall or F1 (0 to 1) as the reports show it: two decimals, rounded down as every share in them is
 * ({@link dev.botsim.cognigy.engine.support.Percent}). Rounded half up, an F1 of 0.7959 read {@code 0.80} in red beside
 * "a figure below 0.80 is marked red", and an intent with one false positive in 400 observations read {@code 1.00} as
 * the weakest; rounded down, only a figure with nothing missing reads {@code 1.00}.
 */
final class FigureText {

    private FigureText() {
    }

    /** {@code "0.79"} for 0.7959; the figure must be finite. */
    static String of(double figure) {
        return BigDecimal.valueOf(figure).setScale(2, RoundingMode.FLOOR).toPlainString();
    }
}
