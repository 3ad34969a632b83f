package dev.botsim.cognigy.engine.transport;

/**
 * A successful answer's body is larger than the transport reads: it was not read further. Checked, and not an
 * {@link java.io.IOException}, so no client mistakes it for a transport failure worth repeating. (An error answer's body
 * beyond the cap is dropped instead, its status the answer.)
 */
public final class ResponseTooLargeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;

    ResponseTooLargeException(int code, long cap) {
        super("more than " + readable(cap), null, false, false);
        this.code = code;
    }

    /** The status of the answer whose body was too large. */
    public int code() {
        return code;
    }

    private static String readable(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) return bytes / (1 << 20) + " MiB";
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) return bytes / (1 << 10) + " KiB";
        return bytes + " bytes";
    }
}
