package dev.botsim.cognigy.engine.support;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * A generator whose output every JSON reader takes (I-JSON, RFC 7493): half of a surrogate pair standing alone in a text
 * — a bot's answer cut inside an emoji — is written as U+FFFD, and a number JSON cannot hold (a score of infinity, from a
 * bot's {@code 1e999}) as {@code null}, as an undefined figure is. Jackson writes the first as its escape ({@code \}{@code
 * uD83D}), for which jq 1.6 refuses the whole file ("Invalid surrogate pair escape") — a CI step reading the
 * verdict with {@code jq} would fail on one answer — and the second as the text {@code "Infinity"} where a reader expects
 * a number. Keys and values alike: an entity's name comes from the bot too. {@code results.json}, the audit record and
 * the webhook payload all go through it, so none of them holds what another would not.
 */
public final class InteroperableJsonGenerator extends JsonGeneratorDelegate {

    /** @param out the generator that writes; it is closed with this one */
    public InteroperableJsonGenerator(JsonGenerator out) {
        super(out, false);
    }

    @Override
    public JsonGenerator writeName(String name) {
        return super.writeName(LoneSurrogates.replaced(name));
    }

    @Override
    public JsonGenerator writeString(String text) {
        return super.writeString(LoneSurrogates.replaced(text));
    }

    @Override
    public JsonGenerator writeNumber(double number) {
        return Double.isFinite(number) ? super.writeNumber(number) : super.writeNull();
    }

    @Override
    public JsonGenerator writeNumber(float number) {
        return Float.isFinite(number) ? super.writeNumber(number) : super.writeNull();
    }
}
