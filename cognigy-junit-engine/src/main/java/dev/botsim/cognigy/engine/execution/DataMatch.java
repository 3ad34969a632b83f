package dev.botsim.cognigy.engine.execution;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a bot's output data contains what a test expects ({@code response_data}): a partial match, so a test
 * names only the keys it cares about and keeps passing when the bot adds others.
 *
 * <ul>
 *   <li>an expected object matches an actual object holding each expected key with a matching value (more keys may
 *       be there);</li>
 *   <li>an expected list matches an actual list in which each expected element matches some element (order and
 *       further elements do not matter);</li>
 *   <li>scalars match when equal; numbers by value ({@code 3} matches {@code 3.0}), never text against a number
 *       ({@code "3"} does not match {@code 3}: JSON tells them apart, and so does a flow).</li>
 * </ul>
 */
final class DataMatch {

    private DataMatch() {
    }

    static boolean contains(Object actual, Object expected) {
        if (expected instanceof Map<?, ?> wanted) {
            if (!(actual instanceof Map<?, ?> present)) return false;
            for (Map.Entry<?, ?> entry : wanted.entrySet()) {
                if (!present.containsKey(entry.getKey()) || !contains(present.get(entry.getKey()), entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof List<?> wanted) {
            if (!(actual instanceof List<?> present)) return false;
            return wanted.stream().allMatch(w -> present.stream().anyMatch(p -> contains(p, w)));
        }
        if (expected instanceof Number wanted && actual instanceof Number present) {
            return decimal(wanted).compareTo(decimal(present)) == 0;
        }
        return Objects.equals(actual, expected);
    }

    private static BigDecimal decimal(Number number) {
        return number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
    }
}
