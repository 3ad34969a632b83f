package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.regex.Pattern;

/**
 * A glob on playbook names ({@code cognigy.playbooks.include}): {@code *} any text, slashes included (names are not
 * paths), {@code ?} one character, {@code {a,b}} either; everything else literal and case-sensitive, as Cognigy's
 * names are.
 */
public record NameGlob(String glob, Pattern pattern) {

    public static NameGlob of(String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        regex.append("\\}");
                    } else {
                        braces--;
                        regex.append(')');
                    }
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        for (; braces > 0; braces--) regex.append(')');
        return new NameGlob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }
}
