package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DefaultChannelFormatsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode data(String json) {
        return JSON.readTree(json);
    }

    @Test
    @DisplayName("titles given as numbers (a Say node's buttons or cards named 1, 2, 3 from a CognigyScript expression) are"
            + " read as quick replies' are: buttons, gallery cards and the cards' buttons, in the default channel's format")
    void numberTitlesOfTheDefaultChannel() {
        DefaultChannelFormats formats = DefaultChannelFormats.of(data("""
                {"_cognigy": {"_default": {
                  "_quickReplies": {"text": "Pick one", "quickReplies": [{"title": 1, "payload": "one"}]},
                  "_buttons": {"text": "Pick one", "buttons": [{"title": 2, "payload": 2, "type": "postback"}]},
                  "_gallery": {"items": [{"title": 2026, "subtitle": 7.5, "buttons": [{"title": 3, "payload": "three"}]}]}
                }}}"""), ClientChannel.DEFAULT_CHANNEL);

        assertThat(formats.quickReplies()).containsExactly(new BotChoice("1", "one", null));
        assertThat(formats.buttons()).containsExactly(new BotChoice("2", "2", "postback"));
        assertThat(formats.cardButtons()).containsExactly(new BotChoice("3", "three", null));
        assertThat(formats.texts()).containsExactly("Pick one", "2026", "7.5");
    }

    @Test
    @DisplayName("titles given as numbers in Webchat's own payload are read as its quick replies' are: a button template's"
            + " buttons, a generic template's cards and their buttons")
    void numberTitlesOfWebchat() {
        DefaultChannelFormats formats = DefaultChannelFormats.of(data("""
                {"_cognigy": {"_webchat": {"message": {"text": "Pick one", "quick_replies": [{"title": 1, "payload": "one"}],
                  "attachment": {"type": "template", "payload": {"template_type": "generic", "elements": [
                    {"title": 2026, "subtitle": 12, "buttons": [{"type": "postback", "title": 3, "payload": "three"}]}]}}}}}}"""),
                ClientChannel.WEBCHAT);

        assertThat(formats.quickReplies()).containsExactly(new BotChoice("1", "one", null));
        assertThat(formats.cardButtons()).containsExactly(new BotChoice("3", "three", "postback"));
        assertThat(formats.texts()).containsExactly("Pick one", "2026", "12");
    }

    @Test
    @DisplayName("an Adaptive Card on the Webchat tab (_webchat.adaptiveCard) is what Webchat shows: its texts are read,"
            + " through the REST Endpoint too when the default channel offers nothing")
    void webchatAdaptiveCard() {
        JsonNode data = data("""
                {"_cognigy": {"_webchat": {"type": "adaptiveCard", "adaptiveCard": {"type": "AdaptiveCard", "version": "1.5",
                  "body": [{"type": "Container", "items": [{"type": "TextBlock", "text": "Your balance is 42 EUR"}]}],
                  "actions": [{"type": "Action.ShowCard", "title": "Details",
                    "card": {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "Last payment: 12 EUR"}]}}]}}}}""");

        for (ClientChannel channel : ClientChannel.values()) {
            assertThat(DefaultChannelFormats.of(data, channel).texts()).as(channel.name())
                    .containsExactly("Your balance is 42 EUR", "Last payment: 12 EUR");
        }
    }

    @Test
    @DisplayName("an Adaptive Card's Table (card version 1.5) shows its cells' texts, row by row, as a Container shows its"
            + " items'")
    void adaptiveCardTable() {
        JsonNode data = data("""
                {"_cognigy": {"_default": {"_adaptiveCard": {"type": "adaptiveCard", "adaptiveCard": {"type": "AdaptiveCard",
                  "version": "1.5", "body": [{"type": "TextBlock", "text": "Your orders"}, {"type": "Table",
                  "columns": [{"width": 1}, {"width": 1}], "rows": [
                    {"type": "TableRow", "cells": [{"type": "TableCell", "items": [{"type": "TextBlock", "text": "ORD_1"}]},
                      {"type": "TableCell", "items": [{"type": "TextBlock", "text": "shipped"}]}]},
                    {"type": "TableRow", "cells": [{"type": "TableCell", "items": [{"type": "TextBlock", "text": "ORD_2"}]},
                      {"type": "TableCell", "items": [{"type": "TextBlock", "text": "late"}]}]}]}]}}}}}""");

        assertThat(DefaultChannelFormats.of(data, ClientChannel.DEFAULT_CHANNEL).texts())
                .containsExactly("Your orders", "ORD_1", "shipped", "ORD_2", "late");
    }

    @Test
    @DisplayName("an Adaptive Card form shows its inputs' labels, a toggle's title and a choice set's choices, not a"
            + " placeholder or a value: a card asking 'Which size?' with choices says them")
    void adaptiveCardForm() {
        JsonNode data = data("""
                {"_cognigy": {"_default": {"_adaptiveCard": {"type": "adaptiveCard", "adaptiveCard": {"type": "AdaptiveCard",
                  "version": "1.3", "body": [{"type": "TextBlock", "text": "Your order"},
                    {"type": "Input.ChoiceSet", "id": "size", "label": "Which size?", "value": "m",
                      "choices": [{"title": "Small", "value": "s"}, {"title": "Medium", "value": "m"}]},
                    {"type": "Input.Text", "id": "note", "label": "A note for the courier", "placeholder": "e.g. ring twice"},
                    {"type": "Input.Toggle", "id": "gift", "title": "Wrap it as a gift", "value": "false"}],
                  "actions": [{"type": "Action.Submit", "title": "Order"}]}}}}}""");

        assertThat(DefaultChannelFormats.of(data, ClientChannel.DEFAULT_CHANNEL).texts()).containsExactly("Your order",
                "Which size?", "Small", "Medium", "A note for the courier", "Wrap it as a gift");
    }

    @Test
    @DisplayName("a list's own button and an image's buttons are offered as a text's buttons are, in the default channel's"
            + " format and in Webchat's (a list template's buttons, an image attachment's)")
    void listAndImageButtons() {
        DefaultChannelFormats list = DefaultChannelFormats.of(data("""
                {"_cognigy": {"_default": {"_list": {"type": "list", "items": [{"title": "Order ORD_1", "subtitle": "shipped",
                  "imageUrl": "", "defaultActionUrl": ""}],
                  "button": {"title": "All orders", "type": "postback", "payload": "ALL_ORDERS", "condition": ""}}}}}"""),
                ClientChannel.DEFAULT_CHANNEL);
        assertThat(list.buttons()).containsExactly(new BotChoice("All orders", "ALL_ORDERS", "postback"));
        assertThat(list.texts()).containsExactly("Order ORD_1", "shipped");

        DefaultChannelFormats image = DefaultChannelFormats.of(data("""
                {"_cognigy": {"_default": {"_image": {"type": "image", "imageUrl": "https://x/map.png", "imageAltText": "map",
                  "buttons": [{"title": "Directions", "type": "web_url", "url": "https://x/route"}]}}}}"""),
                ClientChannel.DEFAULT_CHANNEL);
        assertThat(image.buttons()).containsExactly(new BotChoice("Directions", "https://x/route", "web_url"));

        DefaultChannelFormats webchatList = DefaultChannelFormats.of(data("""
                {"_cognigy": {"_webchat": {"message": {"attachment": {"type": "template", "payload": {"template_type": "list",
                  "elements": [{"title": "Order ORD_1", "subtitle": "shipped"}],
                  "buttons": [{"title": "All orders", "type": "postback", "payload": "ALL_ORDERS"}]}}}}}}"""),
                ClientChannel.WEBCHAT);
        assertThat(webchatList.buttons()).containsExactly(new BotChoice("All orders", "ALL_ORDERS", "postback"));

        DefaultChannelFormats webchatImage = DefaultChannelFormats.of(data("""
                {"_cognigy": {"_webchat": {"message": {"attachment": {"type": "image", "payload": {"url": "https://x/map.png",
                  "altText": "map", "buttons": [{"title": "Directions", "type": "web_url", "url": "https://x/route"}]}}}}}}"""),
                ClientChannel.WEBCHAT);
        assertThat(webchatImage.buttons()).containsExactly(new BotChoice("Directions", "https://x/route", "web_url"));
    }
}
