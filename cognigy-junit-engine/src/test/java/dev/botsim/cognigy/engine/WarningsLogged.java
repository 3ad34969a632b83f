package dev.botsim.cognigy.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warnings one class's logger gives while it is open: {@code try (WarningsLogged w = WarningsLogged.by(X.class)) {…}}. */
public final class WarningsLogged implements AutoCloseable {

    private final Logger log;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private WarningsLogged(Logger log) {
        this.log = log;
        log.addHandler(handler);
    }

    /** Starts collecting the warnings of {@code type}'s logger (named by the class, as the engine's loggers are). */
    public static WarningsLogged by(Class<?> type) {
        return new WarningsLogged(Logger.getLogger(type.getName()));
    }

    /** The warnings' messages so far, in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        log.removeHandler(handler);
    }
}
