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
 * waits for an entity it asked for — and what that flow's Question node does with the next message
 * ({@link QuestionNode}): continue, ask again, or escalate. The simulation API and the REST Endpoint each keep their own.
 * Templates fill {@code {entity}} from the message's entities, {@code {data.key}} from the
 * message's data and {@code {context.key}} from the session's context.
 */
final class Conversations {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{((?:data\\.|context\\.)?[\\p{L}\\p{N}_]+)}");

    /**
     * One answer of the bot. {@code intent} and {@code score} are as the simulation API reports them (a
     * follow-up continuing a waiting flow gets the flow's intent with 1.0); {@code understood} is what
     * the NLU found in this text alone, as a tenant reports it. {@code says} are the bot's outputs in order (a Say
     * node's, a Question node's, a reprompt's), each with the template that made it, for its quick replies and buttons.
     * {@code stop} is where the turn's flow stopped, which decides whether a Code node placed as docs/real-cognigy.md
     * says runs on it.
     */
    record Reply(String flowId, String intent, double score, Map<String, Object> entities, List<Say> says,
                 String errorCode, String errorMessage, Nlu.Understanding understood, Stop stop) {

        Reply {
            says = List.copyOf(says);
        }

        /** The texts said, joined with a space as the REST Endpoint's root {@code text} is; {@code null} when nothing was. */
        String text() {
            return says.isEmpty() ? null : String.join(" ", says.stream().map(Say::text).toList());
        }
    }

    /** One output of the bot: its text and the response template it came from ({@code null} for a plain message). */
    record Say(String text, BotDefinition.Response response) {
    }

    /** Where the turn's flow stopped. */
    enum Stop {
        /** It ran to the end of a flow (a Code node at the end of each flow runs). */
        FLOW_END,
        /** It stopped at a Question node asking for the first time (a Code node right before the Question node runs). */
        QUESTION_ASKED,
        /**
         * The Question node it waits at handled the message itself: asked again or escalated with a message. The flow's
         * entry point is the Question node, so neither a Code node before it nor one at the end of the flow runs.
         */
        QUESTION_REPEATED,
        /**
         * The NLU asked the best intent back with its confirmation sentence ("Did you mean …?") before any flow ran: no
         * Code node runs.
         */
        ASKED_BACK
    }

    private static final class Session {
        String awaitingFlow;
        int wrongAnswers;
        final Map<String, Object> context = new HashMap<>();

        void ask(BotDefinition.Flow flow) {
            awaitingFlow = flow.id();
            wrongAnswers = 0;
        }

        void leaveQuestion() {
            awaitingFlow = null;
            wrongAnswers = 0;
        }
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

    /**
     * The bot's reply to {@code text} with this message's {@code data} (a simulation's {@code context}, a REST Endpoint
     * message's {@code input.data}): it fills {@code {data.key}} for this message only and is never kept in the session.
     */
    Reply reply(String sessionId, String text, Map<String, Object> data) {
        return reply(sessionId, text, null, data);
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
            Map<String, Object> values = new HashMap<>(understood.entities());
            session.context.forEach((key, value) -> values.put("context." + key, value));
            if (data != null) data.forEach((key, value) -> values.put("data." + key, value));
            if (session.awaitingFlow != null) {
                BotDefinition.Flow waiting = bot.flow(session.awaitingFlow);
                QuestionNode.Outcome outcome = QuestionNode.next(waiting, understood, flow, bot.threshold(), session.wrongAnswers);
                if (outcome instanceof QuestionNode.Answered) {
                    session.leaveQuestion();
                    return answer(session, waiting, firstIntent(waiting), 1.0, understood, values);
                }
                if (outcome instanceof QuestionNode.Reprompted reprompted) {
                    session.wrongAnswers = reprompted.wrongAnswers();
                    return reprompt(waiting, understood, values, List.of());
                }
                if (outcome instanceof QuestionNode.Escalated escalated) {
                    session.wrongAnswers = escalated.wrongAnswers();
                    return escalate(session, waiting, escalated.escalation(), understood, values);
                }
                // Left: another flow takes the message, routed as one that nothing waited for.
                session.leaveQuestion();
            }
            if (understood.askedBack() != null) {
                // Cognigy asks it back before the intent is mapped: no flow runs, the confirmation sentence is the answer.
                return new Reply(bot.fallback().flow(), null, understood.score(), understood.entities(),
                        List.of(new Say(understood.askedBack(), null)), null, null, understood, Stop.ASKED_BACK);
            }
            if (flow == null && data != null) {
                flow = bot.flows().stream().filter(f -> inScope.test(f.id()) && f.isEnteredBy(data)).findFirst().orElse(null);
            }
            if (flow == null) {
                return new Reply(bot.fallback().flow(), null, understood.score(), understood.entities(),
                        List.of(new Say(bot.fallback().response(), null)), null, null, understood, Stop.FLOW_END);
            }
            return answer(session, flow, understood.intent(), understood.score(), understood, values);
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

    /**
     * {@code flow} run on this message: its first response whose placeholders {@code values} fill, and its question when
     * the values lack its {@code asks_for} entity (the session then waits for it).
     */
    private Reply answer(Session session, BotDefinition.Flow flow, String intent, double score, Nlu.Understanding understood,
                         Map<String, Object> values) {
        Map<String, Object> entities = understood.entities();
        if (!flow.isDeployed()) {
            return new Reply(flow.id(), intent, score, entities, List.of(), "FLOW_NOT_DEPLOYED",
                    "flow " + flow.id() + " is not deployed", understood, Stop.FLOW_END);
        }
        Template template = template(flow, values);
        if (template.unknownEntity() != null) return entityNotFound(flow, intent, score, understood, template.unknownEntity());
        // A skipped question's value is in the values, not among the message's entities.
        boolean asked = flow.asksFor() != null && !values.containsKey(flow.asksFor());
        if (asked) session.ask(flow);
        return new Reply(flow.id(), intent, score, entities, template.says(), null, null, understood,
                asked ? Stop.QUESTION_ASKED : Stop.FLOW_END);
    }

    /**
     * The waiting flow's Question node after a wrong answer, after {@code before} (an escalation's message): its reprompt
     * message, then the question again, each as the node's settings say.
     */
    private Reply reprompt(BotDefinition.Flow waiting, Nlu.Understanding understood, Map<String, Object> values, List<Say> before) {
        List<Say> says = new ArrayList<>(before);
        BotDefinition.Question question = waiting.questionSettings();
        if (question.repromptMessage() != null) says.add(new Say(question.repromptMessage(), null));
        if (question.repeatsQuestion()) {
            Template template = template(waiting, values);
            if (template.unknownEntity() != null) {
                return entityNotFound(waiting, understood.intent(), understood.score(), understood, template.unknownEntity());
            }
            says.addAll(template.says());
        }
        return new Reply(waiting.id(), understood.intent(), understood.score(), understood.entities(), says, null, null, understood,
                Stop.QUESTION_REPEATED);
    }

    /** What an escalation of the waiting flow's Question node does with the message, as Cognigy's escalation actions. */
    private Reply escalate(Session session, BotDefinition.Flow waiting, BotDefinition.Escalation escalation,
                           Nlu.Understanding understood, Map<String, Object> values) {
        return switch (escalation.escalationAction()) {
            case OUTPUT_MESSAGE -> {
                List<Say> message = List.of(new Say(escalation.message(), null));
                yield escalation.preventsReprompt()
                        ? new Reply(waiting.id(), understood.intent(), understood.score(), understood.entities(), message, null, null,
                                understood, Stop.QUESTION_REPEATED)
                        : reprompt(waiting, understood, values, message);
            }
            case SKIP_QUESTION -> {
                session.leaveQuestion();
                Map<String, Object> skipped = new HashMap<>(values);
                skipped.put(waiting.asksFor(), escalation.value());
                yield answer(session, waiting, firstIntent(waiting), 1.0, understood, skipped);
            }
            case GO_TO_NODE -> {
                session.leaveQuestion();
                yield answer(session, bot.flow(escalation.flow()), understood.intent(), understood.score(), understood, values);
            }
            case EXECUTE_FLOW_AND_RETURN -> {
                BotDefinition.Flow executed = bot.flow(escalation.flow());
                Template template = template(executed, values);
                if (template.unknownEntity() != null) {
                    yield entityNotFound(executed, understood.intent(), understood.score(), understood, template.unknownEntity());
                }
                List<Say> says = new ArrayList<>(template.says());
                // Back at the question, which asks again; the executed flow ran to its end, where its Code node reports.
                if (!escalation.preventsReprompt()) says.addAll(reprompt(waiting, understood, values, List.of()).says());
                yield new Reply(executed.id(), understood.intent(), understood.score(), understood.entities(), says, null, null,
                        understood, Stop.FLOW_END);
            }
        };
    }

    /** A flow's first response whose placeholders can all be filled (none: nothing to say), or the entity it names that the bot lacks. */
    private record Template(List<Say> says, String unknownEntity) {
    }

    private Template template(BotDefinition.Flow flow, Map<String, Object> values) {
        for (BotDefinition.Response response : flow.responses()) {
            List<String> needed = placeholders(response.text());
            for (String name : needed) {
                if (!name.contains(".") && bot.entities().stream().noneMatch(e -> e.name().equals(name))) {
                    return new Template(List.of(), name);
                }
            }
            if (values.keySet().containsAll(needed)) return new Template(List.of(new Say(fill(response.text(), values), response)), null);
        }
        return new Template(List.of(), null);
    }

    private static Reply entityNotFound(BotDefinition.Flow flow, String intent, double score, Nlu.Understanding understood, String entity) {
        return new Reply(flow.id(), intent, score, understood.entities(), List.of(), "ENTITY_NOT_FOUND",
                "flow " + flow.id() + " uses entity " + entity + ", which the bot does not define", understood, Stop.FLOW_END);
    }

    private static String firstIntent(BotDefinition.Flow flow) {
        return flow.intents().isEmpty() ? null : flow.intents().get(0).name();
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
