package dev.botsim.cognigy.engine.backend.endpoint;

import java.util.ArrayList;
import java.util.List;

import dev.botsim.cognigy.annotations.BotChoice;
import tools.jackson.databind.JsonNode;

/**
 * What an output's rich content says and offers: Cognigy's default channel formats, in
 * {@code data._cognigy._default} — {@code _quickReplies{text, quickReplies[{title, payload}]}},
 * {@code _buttons{text, buttons[{title, payload, type, url}]}}, {@code _gallery{items[{title, subtitle, buttons[…]}]}},
 * {@code _list{items[{title, subtitle}]}} and {@code _adaptiveCard{adaptiveCard}} (its texts). A Say node's quick replies or buttons may leave the output's own
 * {@code text} empty, so their text is what the bot said.
 *
 * <p>The same formats may come nested one level deeper, in {@code data._data._cognigy._default}: where an Intent
 * Default Reply puts its rich content. Cognigy's Webchat looks there first (unless its
 * {@code disableDefaultReplyCompatiblityMode} is set) and falls back to {@code data._cognigy}; so does this.
 *
 * <p>Webchat itself renders its own payload, {@code _cognigy._webchat} (else {@code _cognigy._facebook}), in Messenger's
 * format: what a Say node's Webchat tab gives, and what a Socket Endpoint serving Webchat may send in place of
 * {@code _default}. Which of the two an output is read by is the client's ({@link ClientChannel}): Webchat shows its own
 * payload where an output has one and the default channel's only where it has none, so a Say node whose Webchat tab
 * offers other choices than its Default tab is read as Webchat shows it, not as both.
 *
 * @param texts        the texts, in the order above: the formats' own text (once when quick replies and buttons carry the
 *                     same), then each item's title and subtitle
 * @param quickReplies the quick replies offered
 * @param buttons      the buttons offered, with their types (a {@code web_url} button's payload is its URL)
 * @param cardButtons  the buttons on the gallery's cards, card by card, likewise
 */
record DefaultChannelFormats(List<String> texts, List<BotChoice> quickReplies, List<BotChoice> buttons, List<BotChoice> cardButtons) {

    static DefaultChannelFormats of(JsonNode data, ClientChannel rendering) {
        JsonNode formats = channelFormats(data);
        JsonNode webchat = webchatMessage(data);
        List<String> texts = new ArrayList<>();
        List<BotChoice> quickReplies = new ArrayList<>();
        List<BotChoice> buttons = new ArrayList<>();
        List<BotChoice> cardButtons = new ArrayList<>();
        JsonNode webchatCard = webchatAdaptiveCard(data);
        if (rendering == ClientChannel.WEBCHAT && webchat.isObject()) {
            readWebchat(webchat, texts, quickReplies, buttons, cardButtons);
        } else if (rendering == ClientChannel.WEBCHAT && webchatCard.isObject()) {
            readAdaptiveCard(webchatCard, texts);
        } else {
            if (formats.isObject()) readDefault(formats, texts, quickReplies, buttons, cardButtons);
            boolean nothing = texts.isEmpty() && quickReplies.isEmpty() && buttons.isEmpty() && cardButtons.isEmpty();
            if (nothing && webchat.isObject()) readWebchat(webchat, texts, quickReplies, buttons, cardButtons);
            else if (nothing && webchatCard.isObject()) readAdaptiveCard(webchatCard, texts);
        }
        return new DefaultChannelFormats(texts, quickReplies, buttons, cardButtons);
    }

    private static void readDefault(JsonNode formats, List<String> texts, List<BotChoice> quickReplies, List<BotChoice> buttons,
                                    List<BotChoice> cardButtons) {
        JsonNode replies = formats.path("_quickReplies");
        addText(texts, replies.path("text"));
        for (JsonNode reply : replies.path("quickReplies")) choice(reply, reply.path("payload"), null).ifPresent(quickReplies::add);
        JsonNode offered = formats.path("_buttons");
        // Quick replies and buttons of one output may both carry its text: it is said once.
        addNewText(texts, offered.path("text"));
        for (JsonNode button : offered.path("buttons")) button(button).ifPresent(buttons::add);
        for (String list : List.of("_gallery", "_list")) {
            for (JsonNode item : formats.path(list).path("items")) {
                addText(texts, item.path("title"));
                addText(texts, item.path("subtitle"));
                if (list.equals("_gallery")) for (JsonNode button : item.path("buttons")) button(button).ifPresent(cardButtons::add);
            }
        }
        // A list's own button (below its items) and an image's buttons are offered as a text's buttons are.
        addNewButtons(formats.path("_list").path("button"), buttons);
        addNewButtons(formats.path("_image").path("buttons"), buttons);
        readAdaptiveCard(formats.path("_adaptiveCard").path("adaptiveCard"), texts);
    }

    /**
     * The texts an Adaptive Card shows (a Say node's Adaptive Card output type, {@code _adaptiveCard{adaptiveCard}} in the
     * default channel, {@code _webchat{adaptiveCard}} on the Webchat tab), in the card's order: each {@code TextBlock}'s
     * and {@code TextRun}'s {@code text}, each {@code FactSet} fact's {@code title} and {@code value}, and an input's
     * {@code label} (a toggle's {@code title}, a choice set's choices' titles too), wherever they
     * are nested (containers, columns, a {@code Table}'s rows and cells, a {@code ShowCard} action's card), and a {@code RichTextBlock}'s inlines given as
     * bare texts. Its actions are not among the turn's choices.
     */
    private static void readAdaptiveCard(JsonNode card, List<String> texts) {
        if (card.isArray()) {
            for (JsonNode element : card) readAdaptiveCard(element, texts);
            return;
        }
        if (!card.isObject()) return;
        String type = card.path("type").isString() ? card.path("type").stringValue() : "";
        if (type.equals("TextBlock") || type.equals("TextRun")) addText(texts, card.path("text"));
        if (type.equals("FactSet")) {
            for (JsonNode fact : card.path("facts")) {
                addText(texts, fact.path("title"));
                addText(texts, fact.path("value"));
            }
        }
        // A form's inputs show their label (cards 1.3 on), a toggle its title and a choice set its choices' titles: what
        // the user reads to answer; a placeholder is a hint greyed out in the field, and what is typed the user's own.
        if (type.startsWith("Input.")) {
            addText(texts, card.path("label"));
            if (type.equals("Input.Toggle")) addText(texts, card.path("title"));
            if (type.equals("Input.ChoiceSet")) for (JsonNode choice : card.path("choices")) addText(texts, choice.path("title"));
        }
        // A RichTextBlock's inlines may be bare texts as well as TextRuns.
        for (JsonNode inline : card.path("inlines")) if (inline.isString()) addText(texts, inline);
        for (String nested : List.of("body", "items", "columns", "rows", "cells", "inlines", "actions", "card")) {
            readAdaptiveCard(card.path(nested), texts);
        }
    }

    /**
     * The Adaptive Card of an output's Webchat tab ({@code _cognigy._webchat.adaptiveCard}, under {@code _data} first), or
     * a missing node.
     */
    private static JsonNode webchatAdaptiveCard(JsonNode data) {
        for (JsonNode cognigy : List.of(data.path("_data").path("_cognigy"), data.path("_cognigy"))) {
            JsonNode card = cognigy.path("_webchat").path("adaptiveCard");
            if (card.isObject()) return card;
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * Webchat's own payload, in Messenger's format, read in place of the default channel's ({@link #of}): a Say node's
     * Webchat tab, and what a Socket Endpoint serving Webchat sends. Its text, its {@code quick_replies[{title, payload}]},
     * a button template's {@code text} and {@code buttons}, a generic template's (a gallery's) and a list template's
     * {@code elements} with their titles, subtitles and (a gallery's) buttons. A text or choice the payload gives twice (a
     * button template repeating the message's text) is given once.
     */
    private static void readWebchat(JsonNode message, List<String> texts, List<BotChoice> quickReplies, List<BotChoice> buttons,
                                    List<BotChoice> cardButtons) {
        addNewText(texts, message.path("text"));
        for (JsonNode reply : message.path("quick_replies")) {
            choice(reply, reply.path("payload"), null).filter(c -> !quickReplies.contains(c)).ifPresent(quickReplies::add);
        }
        JsonNode template = message.path("attachment").path("payload");
        String kind = template.path("template_type").isString() ? template.path("template_type").stringValue() : "";
        switch (kind) {
            case "button" -> {
                addNewText(texts, template.path("text"));
                addNewButtons(template.path("buttons"), buttons);
            }
            case "generic", "list" -> {
                // A list template's own buttons (below its elements) are offered as a button template's are.
                if (kind.equals("list")) addNewButtons(template.path("buttons"), buttons);
                for (JsonNode element : template.path("elements")) {
                    addNewText(texts, element.path("title"));
                    addNewText(texts, element.path("subtitle"));
                    if (kind.equals("generic")) addNewButtons(element.path("buttons"), cardButtons);
                }
            }
            default -> {
                // An image attachment's buttons.
                if ("image".equals(message.path("attachment").path("type").asString(""))) {
                    addNewButtons(template.path("buttons"), buttons);
                }
            }
        }
    }

    /**
     * Webchat's payload of an output, {@code message} of {@code _cognigy._webchat}, else of {@code _cognigy._facebook}, as
     * Webchat picks it — under {@code _data} first, where an Intent Default Reply puts its content; missing when none.
     */
    private static JsonNode webchatMessage(JsonNode data) {
        for (JsonNode cognigy : List.of(data.path("_data").path("_cognigy"), data.path("_cognigy"))) {
            for (String channel : List.of("_webchat", "_facebook")) {
                JsonNode message = cognigy.path(channel).path("message");
                if (message.isObject()) return message;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static void addNewText(List<String> texts, JsonNode text) {
        shown(text).filter(said -> !texts.contains(said)).ifPresent(said -> addText(texts, text));
    }

    /** The default channel's formats of an output's data: {@code _data._cognigy._default}, else {@code _cognigy._default}. */
    private static JsonNode channelFormats(JsonNode data) {
        JsonNode nested = data.path("_data").path("_cognigy").path("_default");
        return nested.isObject() ? nested : data.path("_cognigy").path("_default");
    }

    /** Whether an output's data carries a channel payload ({@code _cognigy}, or {@code _data._cognigy}), which a channel shows. */
    static boolean hasChannelPayload(JsonNode data) {
        return data.has("_cognigy") || data.path("_data").has("_cognigy");
    }

    /** The keys of {@code data._cognigy} that say how a streamed message was sent, not what it shows. */
    private static final java.util.Set<String> STREAMING = java.util.Set.of("_messageId", "_finishReason");

    /**
     * The id of the streamed message an output is part of ({@code data._cognigy._messageId}), or {@code null}: the
     * outputs of an AI Agent's or LLM Prompt node's "Stream to Output", a sentence each, carry the same one.
     */
    static String streamedMessageId(JsonNode data) {
        JsonNode id = data.path("_cognigy").path("_messageId");
        return id.isString() && !id.stringValue().isBlank() ? id.stringValue() : null;
    }

    /**
     * Whether an output's data is only a streamed message's bookkeeping: {@code _cognigy} holding nothing but
     * {@code _messageId} and {@code _finishReason}, as the output that ends a streamed message carries with an empty
     * text. Cognigy's Webchat shows no such output.
     */
    static boolean onlyStreaming(JsonNode data) {
        return only(data, STREAMING);
    }

    /**
     * The keys of {@code data._cognigy} that tell Webchat what to do, not what to show: {@code controlCommands} (a
     * {@code setRating} asking for the chat's rating), {@code syncWebchatWithFacebook}, and a streamed message's
     * bookkeeping.
     */
    private static final java.util.Set<String> CONTROL = java.util.Set.of("_messageId", "_finishReason", "controlCommands",
            "syncWebchatWithFacebook");

    /**
     * Whether an output's data shows nothing: {@code _cognigy} holding only what tells Webchat what to do
     * ({@link #CONTROL}), as an output carrying {@code controlCommands} alone does. Such an output is no answer, though
     * its data is kept for the checks on output data.
     */
    static boolean onlyControl(JsonNode data) {
        return only(data, CONTROL);
    }

    /** Whether {@code data} is {@code _cognigy} alone, holding nothing but some of {@code keys}. */
    private static boolean only(JsonNode data, java.util.Set<String> keys) {
        JsonNode cognigy = data.path("_cognigy");
        if (data.size() != 1 || !cognigy.isObject() || cognigy.isEmpty()) return false;
        for (java.util.Map.Entry<String, JsonNode> field : cognigy.properties()) {
            if (!keys.contains(field.getKey())) return false;
        }
        return true;
    }

    private static void addText(List<String> texts, JsonNode text) {
        shown(text).filter(said -> !said.isBlank()).ifPresent(texts::add);
    }

    /**
     * What a channel shows for a text, a title or a subtitle: a text as it is, a number or a boolean as written (a card
     * or button titled {@code 1}, {@code 2}, … by a CognigyScript expression); nothing for {@code null}, an absent value,
     * an object or a list. Quick replies, buttons and cards are all read so.
     */
    private static java.util.Optional<String> shown(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? java.util.Optional.of(value.asString()) : java.util.Optional.empty();
    }

    /** Adds each button of {@code list} (an array of buttons, or one button) that is not among {@code buttons} yet. */
    private static void addNewButtons(JsonNode list, List<BotChoice> buttons) {
        Iterable<JsonNode> each = list.isArray() ? list : List.of(list);
        for (JsonNode button : each) button(button).filter(b -> !buttons.contains(b)).ifPresent(buttons::add);
    }

    /** A button of {@code _buttons} or of a gallery card: its type as given ({@code null} when none is), a link's URL as its payload. */
    private static java.util.Optional<BotChoice> button(JsonNode button) {
        String type = button.path("type").isString() && !button.path("type").stringValue().isBlank()
                ? button.path("type").stringValue() : null;
        return choice(button, BotChoice.WEB_URL.equals(type) ? button.path("url") : button.path("payload"), type);
    }

    private static java.util.Optional<BotChoice> choice(JsonNode choice, JsonNode payload, String type) {
        return shown(choice.path("title")).map(title -> new BotChoice(title, shown(payload).orElse(null), type));
    }
}
