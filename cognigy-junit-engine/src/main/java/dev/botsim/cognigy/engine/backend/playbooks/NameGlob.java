package dev.botsim.cognigy.engine.backend.playbooks;

import java.util.regex.Pattern;

/**
 * A glob on playbook names ({@code cognigy.playbooks.include}): {@code *} any text, slashes included (names are not
 * paths), {@code ?} one character, {@code {a,b}} either; {@code \} before one of {@code * ? { } , \} makes it literal;
 * everything else literal and case-sensitive, as Cognigy's names are. (A backslash before any other character is a
 * backslash, as it was before it escaped anything.)
 */
public record NameGlob(String glob, Pattern pattern) {

    /** The characters a backslash makes literal. */
    static final String SPECIAL = "*?{},\\";

    public static NameGlob of(String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length() && SPECIAL.indexOf(glob.charAt(i + 1)) >= 0) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                continue;
            }
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
