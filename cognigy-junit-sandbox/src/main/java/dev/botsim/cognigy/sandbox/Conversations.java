package dev.botsim.cognigy.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot's behaviour per session: what flow a message reaches, what it answers, and which flow
 * waits for an entity it asked for. Shared by the simulation API and the REST Endpoint.
 */
final class Conversations {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    /** One answer of the bot. */
    record Reply(String flowId, String intent, double score, Map<String, Object> entities, String text,
                 String errorCode, String errorMessage) {
    }

    private static final class Session {
        String awaitingFlow;
        final Map<String, Object> context = new HashMap<>();
    }

    private final BotDefinition bot;
    private final Nlu nlu;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Conversations(BotDefinition bot) {
        this.bot = bot;
        this.nlu = new Nlu(bot);
    }

    BotDefinition bot() {
        return bot;
    }

    /** The bot's reply to {@code text} in session {@code sessionId} (created when new). */
    Reply reply(String sessionId, String text, Map<String, Object> context) {
        Session session = sessions.computeIfAbsent(sessionId, id -> new Session());
        synchronized (session) {
            if (context != null) session.context.putAll(context);
            Nlu.Understanding understood = nlu.understand(text == null ? "" : text);
            BotDefinition.Flow flow = understood.flowId() == null ? null : bot.flow(understood.flowId());
            String intent = understood.intent();
            double score = understood.score();
            if (session.awaitingFlow != null) {
                BotDefinition.Flow waiting = bot.flow(session.awaitingFlow);
                if (understood.entities().containsKey(waiting.asksFor()) && (flow == null || flow == waiting || score < 0.6)) {
                    flow = waiting;
                    intent = waiting.intents().isEmpty() ? null : waiting.intents().get(0).name();
                    score = 1.0;
                }
                session.awaitingFlow = null;
            }
            if (flow == null) {
                return new Reply(bot.fallback().flow(), null, score, understood.entities(), bot.fallback().response(), null, null);
            }
            if (!flow.isDeployed()) {
                return new Reply(flow.id(), intent, score, understood.entities(), null, "FLOW_NOT_DEPLOYED",
                        "flow " + flow.id() + " is not deployed");
            }
            return answer(session, flow, intent, score, understood.entities());
        }
    }

    private Reply answer(Session session, BotDefinition.Flow flow, String intent, double score, Map<String, Object> entities) {
        for (String template : flow.responses()) {
            List<String> needed = placeholders(template);
            for (String name : needed) {
                if (bot.entities().stream().noneMatch(e -> e.name().equals(name))) {
                    return new Reply(flow.id(), intent, score, entities, null, "ENTITY_NOT_FOUND",
                            "flow " + flow.id() + " uses entity " + name + ", which the bot does not define");
                }
            }
            if (entities.keySet().containsAll(needed)) {
                if (flow.asksFor() != null && !entities.containsKey(flow.asksFor())) session.awaitingFlow = flow.id();
                return new Reply(flow.id(), intent, score, entities, fill(template, entities), null, null);
            }
        }
        if (flow.asksFor() != null && !entities.containsKey(flow.asksFor())) session.awaitingFlow = flow.id();
        return new Reply(flow.id(), intent, score, entities, null, null, null);
    }

    private static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private static String fill(String template, Map<String, Object> entities) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(entities.get(m.group(1)))));
        m.appendTail(out);
        return out.toString();
    }

    /** Entities of the text alone, for the REST Endpoint's slots. */
    Map<String, Object> entities(String text) {
        return new LinkedHashMap<>(nlu.entities(text));
    }

    int sessions() {
        return sessions.size();
    }
}
