package dev.botsim.cognigy.engine.discovery.rules;

import java.util.regex.Pattern;

/**
 * The names file managers give a copy of a file: a data file's copy is read as a data file of its own, every id in it a
 * duplicate, or, its copy mark written after {@code .sim}, not read at all. Either way its message says what it is.
 */
public final class CopyNames {

    private CopyNames() {
    }

    /**
     * Whether {@code copy} is the name a copy of a file named {@code name} gets from Windows Explorer
     * ({@code orders - Copy}, {@code orders - Copy (2)}), macOS Finder ({@code orders copy}, {@code orders copy 2},
     * {@code orders 2}), Google Drive ({@code Copy of orders}) or a browser's download of it again ({@code orders (1)}),
     * both without their endings.
     */
    public static boolean isCopyOf(String copy, String name) {
        String q = Pattern.quote(name);
        return copy.matches("(?i)" + q + "(?: - copy(?: \\(\\d+\\))?| copy(?: \\d+)?| \\d+| \\(\\d+\\))")
                || copy.matches("(?i)copy(?: \\(\\d+\\))? of " + q);
    }
}
