package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;

import org.apiguardian.api.API;

/**
 * One choice the bot offered the user: a quick reply or a button. Cognigy puts them in an output's
 * {@code data._cognigy._default._quickReplies.quickReplies[]}, {@code ._buttons.buttons[]} and on the cards of a
 * gallery, {@code ._gallery.items[].buttons[]}.
 *
 * <p>Read it through its accessors: a component added later changes the canonical constructor and record patterns (the
 * old constructor is then deprecated for at least one minor release).
 *
 * @param title   what the user sees and clicks
 * @param payload what clicking sends back (a quick reply's or postback button's payload), the URL of a link
 *                button, the number of a call button, or {@code null} when the bot gave none
 * @param type    the button's type as Cognigy gave it: {@value #POSTBACK}, {@value #WEB_URL} (a link: clicking opens it
 *                and sends the bot nothing), {@value #PHONE_NUMBER} (a call: likewise); {@code null} for a quick reply,
 *                or when the backend does not say
 */
@API(status = MAINTAINED, since = "0.1")
public record BotChoice(String title, String payload, String type) {

    /** A button that sends its payload back to the bot. */
    public static final String POSTBACK = "postback";
    /** A link button: its payload is the URL it opens. */
    public static final String WEB_URL = "web_url";
    /** A call button: its payload is the number it calls. */
    public static final String PHONE_NUMBER = "phone_number";

    public BotChoice {
        Objects.requireNonNull(title, "title");
    }

    /** A choice whose type is not said: a quick reply, or a button of a backend that does not give types. */
    public BotChoice(String title, String payload) {
        this(title, payload, null);
    }
}
