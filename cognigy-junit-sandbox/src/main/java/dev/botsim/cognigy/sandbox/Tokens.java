package dev.botsim.cognigy.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens the sandbox issued, with their expiry and granted scopes. */
final class Tokens {

    static final Set<String> ALL_SCOPES = Set.of("bot:read", "simulation:execute", "bot:write");

    private record Issued(Instant expires, Set<String> scopes) {
    }

    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Tokens(Clock clock) {
        this.clock = clock;
    }

    String issue(Duration ttl, Set<String> scopes) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "sbx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.put(token, new Issued(clock.instant().plus(ttl), Set.copyOf(scopes)));
        return token;
    }

    /** Whether the token is known and unexpired. */
    boolean valid(String token) {
        Issued t = token == null ? null : issued.get(token);
        return t != null && clock.instant().isBefore(t.expires());
    }

    boolean grants(String token, String scope) {
        Issued t = issued.get(token);
        return t != null && t.scopes().contains(scope);
    }
}
