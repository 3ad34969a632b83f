package dev.botsim.cognigy.engine.discovery.botium;

import java.util.Map;
import java.util.Set;

/**
 * The names Botium gives its asserters, logic hooks and user inputs, and for those that have no counterpart here,
 * why. A line of a step is one of them when its first word is the name, as in Botium; anything else is text.
 */
final class Asserters {

    static final Set<String> ASSERTERS = Set.of("BUTTONS", "BUTTONS_COUNT", "BUTTONS_COUNT_REC", "MEDIA", "MEDIA_COUNT",
            "MEDIA_COUNT_REC", "CARDS", "CARDS_COUNT", "CARDS_COUNT_REC", "PAUSE_ASSERTER", "JSON_PATH", "JSON_PATH_COUNT",
            "RESPONSE_LENGTH", "FORMS", "ENTITIES", "ENTITY_VALUES", "ENTITY_CONTENT", "INTENT", "INTENT_UNIQUE",
            "INTENT_CONFIDENCE", "TEXT_CONTAINS_ANY", "TEXT_CONTAINS_ANY_IC", "TEXT_CONTAINS_ALL", "TEXT_CONTAINS_ALL_IC",
            "TEXT_WILDCARD_ANY", "TEXT_WILDCARD_ANY_IC", "TEXT_WILDCARD_ALL", "TEXT_WILDCARD_ALL_IC", "TEXT_WILDCARDEXACT_ANY",
            "TEXT_WILDCARDEXACT_ANY_IC", "TEXT_WILDCARDEXACT_ALL", "TEXT_WILDCARDEXACT_ALL_IC", "TEXT_REGEXP_ANY",
            "TEXT_REGEXP_ANY_IC", "TEXT_REGEXP_ALL", "TEXT_REGEXP_ALL_IC", "TEXT_EQUALS", "TEXT_EQUALS_IC", "TEXT", "TEXT_IC",
            "TEXT_WER", "BOT_CONSUMED", "BOT_UNCONSUMED_COUNT");

    static final Set<String> LOGIC_HOOKS = Set.of("PAUSE", "WAITFORBOT", "SET_SCRIPTING_MEMORY", "CLEAR_SCRIPTING_MEMORY",
            "ASSIGN_SCRIPTING_MEMORY", "UPDATE_CUSTOM", "SKIP_BOT_UNCONSUMED", "INCLUDE", "CONDITIONAL_STEP_TIME_BASED",
            "CONDITIONAL_STEP_BUSINESS_HOURS", "CONDITIONAL_STEP_CAPABILITY_VALUE_BASED", "CONDITIONAL_STEP_JSON_PATH_BASED",
            "CONVO_STEP_PARAMETERS", "ORDERED_LIST_TO_BUTTON");

    static final Set<String> USER_INPUTS = Set.of("BUTTON", "MEDIA", "FORM");

    /**
     * Logic hooks that only shape timing or Botium's queue of bot messages. Every turn here waits for the bot's
     * whole answer before the next is sent, and checks that answer, so they have nothing left to do.
     */
    static final Set<String> TIMING_ONLY = Set.of("PAUSE", "WAITFORBOT", "SKIP_BOT_UNCONSUMED");

    /** Why an asserter or logic hook has no counterpart, and what to do instead: {@code <why> — <what to do>}. */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("ENTITIES", "checks entity names without values, and an entity expectation here names a value"
                    + " — write ENTITY_CONTENT <name>|<value>"),
            Map.entry("ENTITY_VALUES", "checks values without entity names, and an entity expectation here names the"
                    + " entity — write ENTITY_CONTENT <name>|<value>"),
            Map.entry("INTENT_UNIQUE", "checks Botium's list of alternative intents, which Cognigy does not report"
                    + " — remove it, or check the score with INTENT_CONFIDENCE"),
            Map.entry("BUTTONS_COUNT", "counts buttons; an expectation here names the titles — write BUTTONS <titles>"),
            Map.entry("BUTTONS_COUNT_REC", "counts buttons; an expectation here names the titles — write BUTTONS <titles>"),
            Map.entry("MEDIA", "checks images and other media, which the engine does not read from the answer — remove it"),
            Map.entry("MEDIA_COUNT", "counts media, which the engine does not read from the answer — remove it"),
            Map.entry("MEDIA_COUNT_REC", "counts media, which the engine does not read from the answer — remove it"),
            Map.entry("CARDS", "checks gallery cards, which the engine does not read from the answer — check their data"
                    + " with JSON_PATH $.data.<key>|<value>"),
            Map.entry("CARDS_COUNT", "counts gallery cards, which the engine does not read from the answer — remove it"),
            Map.entry("CARDS_COUNT_REC", "counts gallery cards, which the engine does not read from the answer — remove it"),
            Map.entry("FORMS", "checks forms, which Cognigy's outputs do not carry — remove it"),
            Map.entry("JSON_PATH_COUNT", "counts JSON matches; an expectation here names values — write JSON_PATH"
                    + " $.data.<key>|<value>"),
            Map.entry("RESPONSE_LENGTH", "limits the answer's length, which no expectation here checks — check the text"
                    + " with TEXT_REGEXP_ANY"),
            Map.entry("TEXT_WER", "scores the word error rate of speech, which no expectation here checks — use"
                    + " TEXT_CONTAINS_ANY_IC"),
            Map.entry("PAUSE_ASSERTER", "checks how long the bot took, which no expectation here checks — remove it"),
            Map.entry("BOT_CONSUMED", "checks Botium's queue of bot messages; here every turn checks the whole answer"
                    + " — remove it"),
            Map.entry("BOT_UNCONSUMED_COUNT", "checks Botium's queue of bot messages; here every turn checks the whole"
                    + " answer — remove it"),
            Map.entry("INCLUDE", "includes a partial convo (*.pconvo.txt), which is not read — write its steps into"
                    + " this convo"),
            Map.entry("SET_SCRIPTING_MEMORY", "sets Botium's scripting memory, which is not supported — write the value"
                    + " itself"),
            Map.entry("CLEAR_SCRIPTING_MEMORY", "clears Botium's scripting memory, which is not supported — remove it"),
            Map.entry("ASSIGN_SCRIPTING_MEMORY", "fills Botium's scripting memory from the answer, which is not supported"
                    + " — check the value with JSON_PATH or ENTITY_CONTENT instead"),
            Map.entry("CONDITIONAL_STEP_TIME_BASED", "makes a step depend on the time, and a test here always checks"
                    + " the same — split the convo, one per case"),
            Map.entry("CONDITIONAL_STEP_BUSINESS_HOURS", "makes a step depend on business hours, and a test here always"
                    + " checks the same — split the convo, one per case"),
            Map.entry("CONDITIONAL_STEP_CAPABILITY_VALUE_BASED", "makes a step depend on Botium's capabilities, which"
                    + " are not read — split the convo, one per case"),
            Map.entry("CONDITIONAL_STEP_JSON_PATH_BASED", "makes a step depend on the answer, and a test here always"
                    + " checks the same — split the convo, one per case"),
            Map.entry("CONVO_STEP_PARAMETERS", "changes Botium's retries and matching for one step, which are not read"
                    + " — remove it; the engine's retries are configured once (docs/configuration.md)"),
            Map.entry("ORDERED_LIST_TO_BUTTON", "turns a numbered list in the answer into buttons, which the engine does"
                    + " not do — check the text with TEXT_CONTAINS_ANY"));

    private Asserters() {
    }
}
