package dev.botsim.cognigy.sandbox;

import java.util.Locale;

/**
 * The media types a tenant reads and writes. Its REST Endpoint and management API read a body only when it is declared
 * JSON. The management API answers {@code application/hal+json} by default ("Use application/json for pure data
 * results", Cognigy's API reference): only a client that asks for {@code application/json} is promised pure data.
 */
final class MediaTypes {

    static final String JSON = "application/json";
    static final String HAL_JSON = "application/hal+json";

    private MediaTypes() {
    }

    /** Whether a request's {@code Content-Type} declares JSON ({@code application/json}, with or without parameters). */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        return essence(contentType).equals(JSON);
    }

    /**
     * The type the management API answers a request with this {@code Accept} header in: {@code application/json} when
     * the client names it, else the API's default, {@code application/hal+json} — also for no header and for any type.
     */
    static String managementAnswer(String accept) {
        if (accept == null) return HAL_JSON;
        for (String range : accept.split(",")) {
            if (essence(range).equals(JSON)) return JSON;
        }
        return HAL_JSON;
    }

    /** The type without parameters, lower-cased: {@code Application/JSON; charset=utf-8} is {@code application/json}. */
    private static String essence(String type) {
        int parameters = type.indexOf(';');
        return (parameters < 0 ? type : type.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }
}
