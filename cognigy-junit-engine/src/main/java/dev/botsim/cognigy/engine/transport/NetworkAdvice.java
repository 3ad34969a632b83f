package dev.botsim.cognigy.engine.transport;

/**
 * What a client adds to the message of a connection that failed, when the transport found a likelier cause than the
 * failure's own words say: a proxy the environment names ({@code HTTPS_PROXY}) that the JVM does not use. Carried on
 * the failure as a suppressed exception, so the failure stays what OkHttp threw (its type decides how the clients
 * read it).
 */
public final class NetworkAdvice {

    private NetworkAdvice() {
    }

    /** {@code ". <advice>"} when {@code failure} (or a cause of it) carries advice, else the empty string. */
    public static String said(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Throwable marked : cause.getSuppressed()) {
                if (marked instanceof Note note) return ". " + note.getMessage();
            }
        }
        return "";
    }

    /** {@code failure}, carrying {@code advice}. */
    static <E extends Throwable> E attach(E failure, String advice) {
        failure.addSuppressed(new Note(advice));
        return failure;
    }

    /** The advice, as a suppressed exception of the failure. No stack trace: it explains, it did not happen. */
    static final class Note extends Exception {

        private static final long serialVersionUID = 1L;

        Note(String advice) {
            super(advice, null, false, false);
        }
    }
}
