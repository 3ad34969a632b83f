package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;

import org.apiguardian.api.API;

/**
 * One choice the bot offered the user: a quick reply or a button. Cognigy puts them in an output's
 * {@code data._cognigy._default._quickReplies.quickReplies[]} and {@code ._buttons.buttons[]}.
 *
 * @param title   what the user sees and clicks
 * @param payload what clicking sends back (a quick reply's or postback button's payload), the URL of a link
 *                button, or {@code null} when the bot gave none
 */
@API(status = MAINTAINED, since = "0.1")
public record BotChoice(String title, String payload) {

    public BotChoice {
        Objects.requireNonNull(title, "title");
    }
}
