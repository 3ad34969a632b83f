package dev.botsim.cognigy.engine.discovery;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.commons.support.AnnotationSupport;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.annotations.ExpectEntity;
import dev.botsim.cognigy.annotations.ExpectResponse;
import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.discovery.rules.ExpectationRules;
import dev.botsim.cognigy.engine.discovery.rules.Violation;
import dev.botsim.cognigy.spi.Expectation;

/**
 * One {@code @Utterance} or {@code @Conversation} method, read and checked against the same rules
 * as a data file's case ({@link CaseRules}, {@link ExpectationRules}). Problems name the method
 * ({@code Class#method: }) and the attribute ({@code @Utterance(notIntent)}); the rest of each
 * message is the rule's, word for word as a data file would get it.
 *
 * <p>An attribute left at its default ({@code ""}, or {@code -1} for the score) is not given; any
 * other value is checked, and used trimmed as in a data file.
 */
final class AnnotatedMethod {

    /** The default of {@link Utterance#intentMinScore()}: no minimum score. */
    static final double NO_MIN_SCORE = -1;
    /** {@code @ExpectResponse(minLength, maxLength)} left at its default: that end of the range is open. */
    static final int NO_LENGTH = -1;

    private final Method method;
    private final Optional<Utterance> utterance;
    private final Optional<Conversation> conversation;
    private final String where;
    private final List<String> problems = new ArrayList<>();
    private int repeat;
    private String testId;
    private boolean idValid;
    private String user;
    private String externalId;
    private Set<String> tags;
    private List<String> texts = List.of();
    private Expectation expectation = Expectation.NONE;
    private Mode mode = Mode.FLOW;

    private AnnotatedMethod(Method method) {
        this.method = method;
        this.utterance = AnnotationSupport.findAnnotation(method, Utterance.class);
        this.conversation = AnnotationSupport.findAnnotation(method, Conversation.class);
        this.where = method.getDeclaringClass().getName() + "#" + method.getName();
    }

    /**
     * @param classTags   the class's valid tags, which every test of the class carries too
     * @param defaultMode how a class without {@code mode = Mode.NLU} is checked: {@code NLU} under {@code cognigy.backend=nlu}
     */
    static AnnotatedMethod read(Method method, BotSimulation classAnnotation, Set<String> classTags, Mode defaultMode) {
        AnnotatedMethod read = new AnnotatedMethod(method);
        read.check(classAnnotation, classTags, defaultMode);
        return read;
    }

    private void check(BotSimulation classAnnotation, Set<String> classTags, Mode defaultMode) {
        List<String> checks = utteranceChecks();
        if (utterance.isEmpty() && conversation.isEmpty()) {
            problems.add(where + " has " + String.join(" and ", checks) + " but no @Utterance, so it would never run —"
                    + " add @Utterance(\"<what the user says>\") to the method, or remove " + String.join(" and ", checks));
            return;
        }
        if (utterance.isPresent() && conversation.isPresent()) {
            problems.add(where + " has both @Utterance and @Conversation; use one");
            return;
        }
        if (conversation.isPresent() && !checks.isEmpty()) {
            problems.add(where + ": " + String.join(" and ", checks) + " checks the answer of an @Utterance, not of a"
                    + " @Conversation, so it would never be checked — check each turn instead, e.g."
                    + " bot.say(\"...\").expectEntity(\"order_id\", \"ORD_1\"), or remove " + String.join(" and ", checks));
        }
        if (Modifier.isStatic(method.getModifiers())) problems.add(where + " must not be static");
        if (!hasNoArgConstructor(method.getDeclaringClass())) {
            Class<?> type = method.getDeclaringClass();
            // An inner class's constructors all take the enclosing instance: the fix is static, not a constructor.
            problems.add(type.isMemberClass() && !Modifier.isStatic(type.getModifiers())
                    ? type.getName() + " is an inner class, made with an instance of " + type.getEnclosingClass().getSimpleName()
                            + ", which the engine does not have — declare it static"
                    : type.getName() + " needs a constructor without parameters");
        }
        String ownId = utterance.map(Utterance::id).or(() -> conversation.map(Conversation::id)).orElse("");
        testId = ownId.isEmpty() ? "test_" + method.getName() : ownId;
        Optional<Violation> badId = CaseRules.testId(testId);
        idValid = badId.isEmpty();
        badId.ifPresent(v -> problem(v, "test id '" + CaseRules.shorten(testId) + "'"));
        user = user(classAnnotation);
        externalId = readExternalId();
        tags = new LinkedHashSet<>(classTags);
        String annotation = isConversation() ? "@Conversation" : "@Utterance";
        String[] own = utterance.map(Utterance::tags).or(() -> conversation.map(Conversation::tags)).orElse(new String[0]);
        for (int i = 0; i < own.length; i++) {
            tag(own[i], annotation + "(tags[" + i + "])", "tag '" + own[i] + "'").ifPresent(tags::add);
        }
        // The annotation cannot tell an explicit FLOW from its default, so under cognigy.backend=nlu every class is NLU.
        mode = classAnnotation.mode() == Mode.NLU ? Mode.NLU : defaultMode;
        String elsewhere = classAnnotation.mode() == Mode.NLU ? "a class without mode = Mode.NLU"
                : "a run with another cognigy.backend (cognigy.backend=nlu scores every test)";
        String context = classAnnotation.mode() == Mode.NLU ? " in a @BotSimulation(mode = Mode.NLU) class" : " under cognigy.backend=nlu";
        if (isConversation()) {
            if (mode == Mode.NLU) {
                problem(ExpectationRules.intentsOnly("is a conversation", elsewhere), "@Conversation" + context);
            }
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length != 1 || parameters[0] != BotSession.class) {
                problems.add(where + ": a @Conversation method takes exactly one BotSession parameter");
            }
            int times = conversation.orElseThrow().repeat();
            if (times != 0) {
                CaseRules.repeat(times).ifPresent(v -> problem(v, "@Conversation(repeat)"));
                repeat = Math.max(0, times);
            }
            return;
        }
        Utterance u = utterance.orElseThrow();
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != SimulationResult.class)) {
            problems.add(where + ": an @Utterance method takes no parameter or one SimulationResult");
        }
        texts = texts(u.value());
        expectation = expectation(u);
        if (u.repeat() != 0) {
            CaseRules.repeat(u.repeat()).ifPresent(v -> problem(v, "@Utterance(repeat)"));
            repeat = Math.max(0, u.repeat());
        }
        List<String> beyond = ExpectationRules.beyondIntents(expectation);
        if (mode == Mode.NLU && !beyond.isEmpty()) {
            problem(ExpectationRules.intentsOnly("expects " + String.join(", ", beyond), elsewhere), "@Utterance" + context);
        }
    }

    /** The annotations on the method that check an {@code @Utterance}'s answer: they mean nothing without one. */
    private List<String> utteranceChecks() {
        List<String> checks = new ArrayList<>();
        if (!AnnotationSupport.findRepeatableAnnotations(method, ExpectEntity.class).isEmpty()) checks.add("@ExpectEntity");
        if (AnnotationSupport.isAnnotated(method, ExpectResponse.class)) checks.add("@ExpectResponse");
        return checks;
    }

    /** Whether {@code method} carries an annotation of this engine, so that it must be read (and any misuse reported). */
    static boolean isAnnotated(Method method) {
        return AnnotationSupport.isAnnotated(method, Utterance.class) || AnnotationSupport.isAnnotated(method, Conversation.class)
                || !AnnotationSupport.findRepeatableAnnotations(method, ExpectEntity.class).isEmpty()
                || AnnotationSupport.isAnnotated(method, ExpectResponse.class);
    }

    /**
     * The method's own user, else the class's: each checked where it is written, by the rules every backend keeps; whether
     * the run's backend takes it is decided by the run, as for a data file's.
     */
    private String user(BotSimulation classAnnotation) {
        String own = utterance.map(Utterance::user).or(() -> conversation.map(Conversation::user)).orElse("");
        String chosen = own.isEmpty() ? classAnnotation.user() : own;
        if (chosen.isEmpty()) return null;
        String subject = "user '" + CaseRules.shorten(chosen) + "'" + (own.isEmpty() ? " in @BotSimulation" : "");
        Optional<Violation> invalid = CaseRules.userId(chosen);
        invalid.ifPresent(v -> problem(v, subject));
        return invalid.isPresent() ? null : chosen;
    }

    /** The method's id in a test-management tool, as given, or {@code null} when it gives none or breaks the rule (reported). */
    private String readExternalId() {
        String given = utterance.map(Utterance::externalId).or(() -> conversation.map(Conversation::externalId)).orElse("");
        if (given.isEmpty()) return null;
        Optional<Violation> invalid = CaseRules.externalId(given);
        invalid.ifPresent(v -> problem(v, externalIdSubject(given)));
        return invalid.isPresent() ? null : given;
    }

    /** An external id as the method's annotation gives it: {@code @Utterance(externalId) 'BOT-7'}. */
    private String externalIdSubject(String id) {
        return (isConversation() ? "@Conversation" : "@Utterance") + "(externalId) '" + CaseRules.shorten(id) + "'";
    }

    /**
     * A tag, trimmed, when it is one; otherwise the rule it breaks, as a problem of this method.
     *
     * @param attribute names the tag when it is empty ({@code @Utterance(tags[0])})
     * @param subject   names it when it is not a JUnit tag ({@code tag 'a b'})
     */
    private Optional<String> tag(String tag, String attribute, String subject) {
        Optional<Violation> empty = CaseRules.text(tag);
        if (empty.isPresent()) {
            problem(empty.get(), attribute);
            return Optional.empty();
        }
        Optional<Violation> invalid = CaseRules.tag(tag);
        invalid.ifPresent(v -> problem(v, subject));
        return invalid.isPresent() ? Optional.empty() : Optional.of(CaseRules.trim(tag));
    }

    private List<String> texts(String[] values) {
        if (values.length == 0) {
            problem(CaseRules.noUtterance(), "@Utterance(value)");
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String subject = values.length == 1 ? "@Utterance(value)" : "@Utterance(value[" + i + "])";
            Optional<Violation> empty = CaseRules.utterance(values[i]);
            empty.ifPresent(v -> problem(v, subject));
            if (empty.isEmpty()) result.add(CaseRules.trim(values[i]));
        }
        return result;
    }

    private Expectation expectation(Utterance u) {
        String intent = given(u.intent(), "@Utterance(intent)");
        String notIntent = given(u.notIntent(), "@Utterance(notIntent)");
        ExpectationRules.notIntent(intent, notIntent).ifPresent(v -> problem(v, "@Utterance(notIntent)"));
        // Quotes pasted with the name ("“escalate”") are part of it: the check would pass whatever the bot recognised.
        if (notIntent != null) ExpectationRules.forbiddenInQuotes(notIntent, true).ifPresent(v -> problem(v, "@Utterance(notIntent)"));
        double minScore = u.intentMinScore();
        if (minScore != NO_MIN_SCORE) {
            ExpectationRules.minScore(minScore)
                    .ifPresent(v -> problem(v, "@Utterance(intentMinScore) " + ExpectationRules.shown(minScore)));
        }
        // false is the attribute's default, so it cannot be told from not given: only true expects anything.
        Optional<Violation> noIntentWith = ExpectationRules.noIntent(u.noIntent(), intent, notIntent,
                minScore == NO_MIN_SCORE ? -1 : minScore);
        noIntentWith.ifPresent(v -> problem(v, "@Utterance(noIntent)"));
        String nextFlow = given(u.nextFlow(), "@Utterance(nextFlow)");
        String contains = expected(u.responseContains(), "@Utterance(responseContains)", false);
        String matches = expected(u.responseMatches(), "@Utterance(responseMatches)", true);
        if (matches != null) {
            ExpectationRules.responseMatches(matches).ifPresent(v -> problem(v, "@Utterance(responseMatches)"));
        }
        String errorCode = given(u.errorCode(), "@Utterance(errorCode)");
        Expectation.Builder builder = Expectation.builder().intent(intent).notIntent(notIntent)
                .noIntent(u.noIntent() && noIntentWith.isEmpty()).intentMinScore(minScore)
                .entities(entities()).nextFlow(nextFlow).responseContains(contains).responseMatches(matches).errorCode(errorCode)
                .approved(approved(u));
        AnnotationSupport.findAnnotation(method, ExpectResponse.class).ifPresent(r -> response(r, contains, builder));
        return builder.build();
    }

    /** {@code @ExpectResponse}: the answer's text checked without pinning its wording. */
    private void response(ExpectResponse r, String contains, Expectation.Builder builder) {
        List<String> containsAny = phrases(r.containsAny(), "@ExpectResponse(containsAny");
        List<String> notContains = phrases(r.notContains(), "@ExpectResponse(notContains");
        if (!notContains.isEmpty()) {
            ExpectationRules.responseNotContains(contains, containsAny, notContains)
                    .ifPresent(v -> problem(v, "@ExpectResponse(notContains)"));
        }
        // A forbidden text in quotes that are part of it would never be found in the answer: the check could not fail.
        for (int i = 0; i < r.notContains().length; i++) {
            int index = i;
            ExpectationRules.forbiddenInQuotes(CaseRules.trim(r.notContains()[i]), false)
                    .ifPresent(v -> problem(v, "@ExpectResponse(notContains[" + index + "])"));
        }
        int min = lengthBound(r.minLength(), "@ExpectResponse(minLength)");
        int max = lengthBound(r.maxLength(), "@ExpectResponse(maxLength)");
        ExpectationRules.responseLengthRange(min, max).ifPresent(v -> problem(v, "@ExpectResponse(maxLength)"));
        if (r.maxLength() == NO_LENGTH) {
            ExpectationRules.responseLengthChecksSomething(min, max).ifPresent(v -> problem(v, "@ExpectResponse(minLength)"));
        }
        if (containsAny.isEmpty() && notContains.isEmpty() && min < 0 && max < 0 && r.containsAny().length == 0
                && r.notContains().length == 0 && r.minLength() == NO_LENGTH && r.maxLength() == NO_LENGTH) {
            problems.add(where + ": @ExpectResponse checks nothing — give containsAny, notContains, minLength or maxLength,"
                    + " or remove it");
        }
        builder.responseContainsAny(containsAny).responseNotContains(notContains).responseLength(min, max);
    }

    /** Texts of an attribute compared with the answer, trimmed; each empty one reported by its index ({@code attribute} lacks its closing parenthesis). */
    private List<String> phrases(String[] values, String attribute) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String text = expected(values[i], attribute + "[" + i + "])", false);
            if (values[i].isEmpty()) problem(CaseRules.text(values[i]).orElseThrow(), attribute + "[" + i + "])");
            if (text != null) result.add(text);
        }
        return result;
    }

    /** A length end as given, or -1 when left at its default or breaking the rule (reported). */
    private int lengthBound(int characters, String attribute) {
        if (characters == NO_LENGTH) return -1;
        Optional<Violation> broken = ExpectationRules.responseLengthBound(characters);
        broken.ifPresent(v -> problem(v, attribute));
        return broken.isPresent() ? -1 : characters;
    }

    /** {@code approved = true}: every approvable field, or those {@code approvedFields} names. */
    private List<String> approved(Utterance u) {
        List<String> fields = List.of(u.approvedFields()).stream().map(String::strip).toList();
        if (!u.approved()) {
            if (!fields.isEmpty()) {
                problems.add(where + ": @Utterance(approvedFields) is given without approved = true, so nothing would be"
                        + " approved — add approved = true, or remove approvedFields");
            }
            return List.of();
        }
        if (fields.isEmpty()) return Expectation.APPROVABLE;
        Optional<Violation> broken = ExpectationRules.approvedFields(fields);
        broken.ifPresent(v -> problem(v, "@Utterance(approvedFields)"));
        return broken.isPresent() ? List.of() : fields;
    }

    private Map<String, String> entities() {
        Map<String, String> entities = new LinkedHashMap<>();
        // By the name the entity is known by (composed): "ü" written in two Unicode forms is one entity named twice.
        Map<String, List<String>> spellings = new LinkedHashMap<>();
        for (ExpectEntity entity : AnnotationSupport.findRepeatableAnnotations(method, ExpectEntity.class)) {
            Optional<Violation> unnamed = ExpectationRules.entityName(entity.name());
            if (unnamed.isPresent()) {
                problem(unnamed.get(), "@ExpectEntity");
                continue;
            }
            String key = ExpectationRules.entityKey(entity.name());
            spellings.computeIfAbsent(key, k -> new ArrayList<>()).add(entity.name());
            Optional<Violation> noValue = ExpectationRules.entityValue(entity.name(), entity.value());
            noValue.ifPresent(v -> problem(v, "@ExpectEntity '" + entity.name() + "'"));
            if (noValue.isEmpty()) entities.putIfAbsent(key, entity.value());
        }
        spellings.forEach((name, written) -> {
            if (written.size() > 1) problem(ExpectationRules.entityRepeated(written), "@ExpectEntity '" + written.get(0) + "'");
        });
        return entities;
    }

    /** An attribute's value, trimmed, or {@code null} when it is left at its default. */
    private String given(String value, String attribute) {
        if (value.isEmpty()) return null;
        Optional<Violation> empty = CaseRules.text(value);
        empty.ifPresent(v -> problem(v, attribute));
        return empty.isPresent() ? null : CaseRules.trim(value);
    }

    /**
     * A text the answer is compared with, trimmed, or {@code null} when it is left at its default or breaks
     * {@link ExpectationRules#expectedText} (reported): spaces written at its ends are refused, not dropped, as in a
     * data file.
     */
    private String expected(String value, String attribute, boolean regex) {
        String text = given(value, attribute);
        if (text == null) return null;
        // The fix shows the expression as Java source spells it: each backslash doubled.
        Optional<Violation> broken = ExpectationRules.expectedText(value, regex,
                expression -> "@Utterance(responseMatches = \"" + expression.replace("\\", "\\\\") + "\")");
        broken.ifPresent(v -> problem(v, attribute));
        return broken.isPresent() ? null : text;
    }

    /** Reports that this method's external id is also another method's, at every method using it. */
    void externalIdUsedMoreThanOnce(List<String> places) {
        problem(CaseRules.externalIdUsedMoreThanOnce("class", places), externalIdSubject(externalId));
    }

    /** Reports that this method's id is also another method's, at every method using it. */
    void idUsedMoreThanOnce(List<String> places) {
        problem(CaseRules.idUsedMoreThanOnce("class", places), "test id '" + testId + "'");
    }

    private void problem(Violation violation, String subject) {
        problems.add(where + ": " + violation.of(subject));
    }

    private static boolean hasNoArgConstructor(Class<?> type) {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 0) return true;
        }
        return false;
    }

    Method method() {
        return method;
    }

    /** {@code Class#method}, as results and messages name it. */
    String where() {
        return where;
    }

    /** A {@code @Conversation} (and not also an {@code @Utterance}) method. */
    boolean isConversation() {
        return conversation.isPresent() && utterance.isEmpty();
    }

    String testId() {
        return testId;
    }

    /** Whether the id follows the rules, so that it takes part in the duplicate check. */
    boolean idValid() {
        return idValid;
    }

    String user() {
        return user;
    }

    Set<String> tags() {
        return tags;
    }

    /** The id a test-management tool knows the method's tests by ({@code externalId}), or {@code null}. */
    String externalId() {
        return externalId;
    }

    /** The texts sent, trimmed: one test each. */
    List<String> texts() {
        return texts;
    }

    Expectation expectation() {
        return expectation;
    }

    /** How many times each text or the conversation runs ({@code @Utterance(repeat)}, {@code @Conversation(repeat)}), or 0 for the run's {@code cognigy.repeat}. */
    int repeat() {
        return repeat;
    }

    /** The class's mode: how the method's tests are checked. */
    Mode mode() {
        return mode;
    }

    /** Every problem, one line each; empty when the method makes valid tests. */
    List<String> problems() {
        return problems;
    }
}
