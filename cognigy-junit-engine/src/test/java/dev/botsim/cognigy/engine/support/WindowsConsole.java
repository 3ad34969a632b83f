package dev.botsim.cognigy.engine.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A console whose {@code println} ends a line with CRLF, as {@link PrintStream} does where the platform's line separator
 * is CRLF (Windows): what is printed line by line ends every line in CRLF, while a text printed whole keeps the bare LF
 * it holds between its lines. {@link System#lineSeparator()} is read once, when the JVM starts, so a test cannot set it.
 * For the tests of every command that prints messages of several lines ({@code merge}, {@code verify-audit}).
 */
public final class WindowsConsole extends PrintStream {

    private final ByteArrayOutputStream bytes;

    public WindowsConsole() {
        this(new ByteArrayOutputStream());
    }

    private WindowsConsole(ByteArrayOutputStream bytes) {
        super(bytes, true, StandardCharsets.UTF_8);
        this.bytes = bytes;
    }

    @Override
    public void println() {
        print("\r\n");
    }

    @Override
    public void println(String line) {
        synchronized (this) {
            print(line);
            print("\r\n");
        }
    }

    @Override
    public void println(Object line) {
        println(String.valueOf(line));
    }

    /** What was printed. */
    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Whether a line ends in LF alone: a text of several lines printed with one {@code println}. */
    public boolean hasBareLineFeed() {
        return text().matches("(?s).*(?<!\r)\n.*");
    }
}
