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
 * waits for an entity it asked for. The simulation API and the REST Endpoint each keep their own.
 * Templates fill {@code {entity}} from the message's entities, {@code {data.key}} from the
 * message's data and {@code {context.key}} from the session's context.
 */
final class Conversations {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{((?:data\\.|context\\.)?[\\p{L}\\p{N}_]+)}");

    /**
     * One answer of the bot. {@code intent} and {@code score} are as the simulation API reports them (a
     * follow-up continuing a waiting flow gets the flow's intent with 1.0); {@code understood} is what
     * the NLU found in this text alone, as a tenant reports it. {@code response} is the template that
     * answered, for its quick replies and buttons. {@code asked}: the flow asked for its {@code asks_for} entity and
     * waits for the answer, as a tenant's flow stopped at a Question node.
     */
    record Reply(String flowId, String intent, double score, Map<String, Object> entities, String text,
                 String errorCode, String errorMessage, Nlu.Understanding understood, BotDefinition.Response response,
                 boolean asked) {
    }

    private static final class Session {
        String awaitingFlow;
        final Map<String, Object> context = new HashMap<>();
    }

    private final BotDefinition bot;
    private final Nlu nlu;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final IntentFlips flips;

    Conversations(BotDefinition bot) {
        this(bot, IntentFlips.none());
    }

    /** @param flips the bot's seeded nondeterminism: intents that flip to others with a probability */
    Conversations(BotDefinition bot, IntentFlips flips) {
        this.bot = bot;
        this.nlu = new Nlu(bot);
        this.flips = flips;
    }

    BotDefinition bot() {
        return bot;
    }

    Nlu nlu() {
        return nlu;
    }

    /** The bot's reply to {@code text}, its {@code context} merged into the session's context (created when new). */
    Reply reply(String sessionId, String text, Map<String, Object> context) {
        return reply(sessionId, text, context, context);
    }

    /**
     * The bot's reply to {@code text} with this message's {@code data}; {@code context}, when given, is
     * merged into the session's context first.
     */
    Reply reply(String sessionId, String text, Map<String, Object> context, Map<String, Object> data) {
        return reply(sessionId, text, context, data, flowId -> true);
    }

    /**
     * The same, entering a flow whose model knows only the intents of the flows {@code inScope} accepts (a Playbook
     * scheduled in a sub-flow): another flow's intent is not recognised, and its data-entered flows are not entered.
     */
    Reply reply(String sessionId, String text, Map<String, Object> context, Map<String, Object> data,
                java.util.function.Predicate<String> inScope) {
        Session session = sessions.computeIfAbsent(sessionId, id -> new Session());
        synchronized (session) {
            if (context != null) session.context.putAll(context);
            Nlu.Understanding understood = flips.apply(nlu.understand(text == null ? "" : text, inScope), bot);
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
            if (flow == null && data != null) {
                flow = bot.flows().stream().filter(f -> inScope.test(f.id()) && f.isEnteredBy(data)).findFirst().orElse(null);
            }
            if (flow == null) {
                return new Reply(bot.fallback().flow(), null, score, understood.entities(), bot.fallback().response(), null, null,
                        understood, null, false);
            }
            if (!flow.isDeployed()) {
                return new Reply(flow.id(), intent, score, understood.entities(), null, "FLOW_NOT_DEPLOYED",
                        "flow " + flow.id() + " is not deployed", understood, null, false);
            }
            Map<String, Object> values = new HashMap<>(understood.entities());
            session.context.forEach((key, value) -> values.put("context." + key, value));
            if (data != null) data.forEach((key, value) -> values.put("data." + key, value));
            return answer(session, flow, intent, score, understood, values);
        }
    }

    /** Merges {@code context} into the session's context (created when new); the context afterwards. */
    Map<String, Object> inject(String sessionId, Map<String, Object> context) {
        Session session = sessions.computeIfAbsent(sessionId, id -> new Session());
        synchronized (session) {
            session.context.putAll(context);
            return new LinkedHashMap<>(session.context);
        }
    }

    private Reply answer(Session session, BotDefinition.Flow flow, String intent, double score, Nlu.Understanding understood,
                         Map<String, Object> values) {
        Map<String, Object> entities = understood.entities();
        for (BotDefinition.Response response : flow.responses()) {
            List<String> needed = placeholders(response.text());
            for (String name : needed) {
                if (!name.contains(".") && bot.entities().stream().noneMatch(e -> e.name().equals(name))) {
                    return new Reply(flow.id(), intent, score, entities, null, "ENTITY_NOT_FOUND",
                            "flow " + flow.id() + " uses entity " + name + ", which the bot does not define", understood, null, false);
                }
            }
            if (values.keySet().containsAll(needed)) {
                boolean asked = asks(flow, entities);
                if (asked) session.awaitingFlow = flow.id();
                return new Reply(flow.id(), intent, score, entities, fill(response.text(), values), null, null, understood, response,
                        asked);
            }
        }
        boolean asked = asks(flow, entities);
        if (asked) session.awaitingFlow = flow.id();
        return new Reply(flow.id(), intent, score, entities, null, null, null, understood, null, asked);
    }

    /** Whether {@code flow} lacks the entity it asks for, so it asks and waits for the answer. */
    private static boolean asks(BotDefinition.Flow flow, Map<String, Object> entities) {
        return flow.asksFor() != null && !entities.containsKey(flow.asksFor());
    }

    private static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private static String fill(String template, Map<String, Object> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(values.get(m.group(1)))));
        m.appendTail(out);
        return out.toString();
    }

    int sessions() {
        return sessions.size();
    }
}
