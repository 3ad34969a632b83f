package dev.botsim.cognigy.engine.model;

import java.util.Map;
import java.util.Set;

import dev.botsim.cognigy.spi.Expectation;

/**
 * One single-turn simulation: an utterance and what the bot must do with it. Cases from
 * {@code utterances:} lists are expanded to one case each with ids {@code test_x[1]}, {@code test_x[2]}.
 *
 * @param id            test id, unique in the run
 * @param utterance     trimmed text sent to the bot, or {@code null} for a data-only message (a postback)
 * @param userId        user id, or {@code null} for the run's user of this test
 * @param platform      channel ({@code web}), or {@code null} for the engine default
 * @param data          data sent with the message: Cognigy's {@code input.data} (the file's {@code data:}, alias
 *                      {@code context:})
 * @param expect        expectations
 * @param tags          tags of the case, file defaults included
 * @param position      where the case (for variants: the utterance) stands
 * @param locale        the locale the case is written in ({@code de-DE}), or {@code null} for the backend's default
 * @param injectContext Cognigy context to set in the session before the message ({@code inject_context:})
 * @param repeat        how many times the case runs, each in a fresh session ({@code repeat:} of the case or its
 *                      file, {@code @Utterance(repeat)}), or 0 for the run's {@code cognigy.repeat}
 * @param entry         where the case's entry in its file begins: for variants the case they come from (a line of the
 *                      case selects them all), else {@code position}
 * @param externalId    the case's id in a test-management tool ({@code external_id:}, {@code @Utterance(externalId)}),
 *                      shared by its variants, or {@code null}
 */
public record SimulationCase(String id, String utterance, String userId, String platform, Map<String, Object> data,
                             Expectation expect, Set<String> tags, SourcePosition position, String locale,
                             Map<String, Object> injectContext, int repeat, SourcePosition entry, String externalId) {

    public SimulationCase {
        entry = entry == null ? position : entry;
        // Empty ones shared: a suite of tens of thousands of cases holds these per case.
        data = data == null || data.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        tags = tags == null || tags.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(tags));
        expect = expect == null ? Expectation.NONE : expect;
        injectContext = injectContext == null || injectContext.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(injectContext));
    }

    /** A case without an external id. */
    public SimulationCase(String id, String utterance, String userId, String platform, Map<String, Object> data,
                          Expectation expect, Set<String> tags, SourcePosition position, String locale,
                          Map<String, Object> injectContext, int repeat, SourcePosition entry) {
        this(id, utterance, userId, platform, data, expect, tags, position, locale, injectContext, repeat, entry, null);
    }

    /** A case whose entry begins where it stands. */
    public SimulationCase(String id, String utterance, String userId, String platform, Map<String, Object> data,
                          Expectation expect, Set<String> tags, SourcePosition position, String locale,
                          Map<String, Object> injectContext, int repeat) {
        this(id, utterance, userId, platform, data, expect, tags, position, locale, injectContext, repeat, null);
    }

    /** A case that runs as often as the run says ({@code cognigy.repeat}). */
    public SimulationCase(String id, String utterance, String userId, String platform, Map<String, Object> data,
                          Expectation expect, Set<String> tags, SourcePosition position, String locale,
                          Map<String, Object> injectContext) {
        this(id, utterance, userId, platform, data, expect, tags, position, locale, injectContext, 0);
    }

    /** A case without locale or context to inject. */
    public SimulationCase(String id, String utterance, String userId, String platform, Map<String, Object> data,
                          Expectation expect, Set<String> tags, SourcePosition position) {
        this(id, utterance, userId, platform, data, expect, tags, position, null, null);
    }

    /** The same case with more tags (a class's, for the files it names). */
    public SimulationCase withTags(Set<String> tags) {
        return new SimulationCase(id, utterance, userId, platform, data, expect, tags, position, locale, injectContext, repeat,
                entry, externalId);
    }

    /** The same case run {@code repeat} times (0: as the run says). */
    public SimulationCase withRepeat(int repeat) {
        return new SimulationCase(id, utterance, userId, platform, data, expect, tags, position, locale, injectContext, repeat,
                entry, externalId);
    }

    /** The same case known to a test-management tool as {@code externalId} ({@code null}: as none). */
    public SimulationCase withExternalId(String externalId) {
        return new SimulationCase(id, utterance, userId, platform, data, expect, tags, position, locale, injectContext, repeat,
                entry, externalId);
    }
}
