package dev.botsim.cognigy.engine.transport;

import java.util.LinkedHashMap;
import java.util.Map;

import mockwebserver3.MockWebServer;

/**
 * System properties set for one test and put back as they were when it closes: the JVM's proxy and trust store settings
 * ({@code https.proxyHost}, {@code javax.net.ssl.trustStore}, ...) are read from them by the JDK itself, as a user's
 * {@code -D} gives them. Surefire runs one test class at a time in each of its JVMs, so nothing else reads them meanwhile.
 */
public final class JvmProperties implements AutoCloseable {

    private final Map<String, String> before = new LinkedHashMap<>();

    private JvmProperties() {
    }

    /** Sets each name to the value after it ({@code null} clears it). */
    public static JvmProperties set(String... namesAndValues) {
        JvmProperties properties = new JvmProperties();
        for (int i = 0; i < namesAndValues.length; i += 2) properties.put(namesAndValues[i], namesAndValues[i + 1]);
        return properties;
    }

    /**
     * The JVM's proxy for both schemes ({@code http.proxyHost}, {@code https.proxyHost} and their ports) set to
     * {@code proxy}, with {@code more} names and values after them.
     */
    public static JvmProperties proxy(MockWebServer proxy, String... more) {
        JvmProperties properties = set("http.proxyHost", proxy.getHostName(), "http.proxyPort", String.valueOf(proxy.getPort()),
                "https.proxyHost", proxy.getHostName(), "https.proxyPort", String.valueOf(proxy.getPort()));
        for (int i = 0; i < more.length; i += 2) properties.put(more[i], more[i + 1]);
        return properties;
    }

    private void put(String name, String value) {
        before.putIfAbsent(name, System.getProperty(name));
        if (value == null) System.clearProperty(name);
        else System.setProperty(name, value);
    }

    @Override
    public void close() {
        before.forEach((name, value) -> {
            if (value == null) System.clearProperty(name);
            else System.setProperty(name, value);
        });
    }
}
