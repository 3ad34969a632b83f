package dev.botsim.cognigy.engine.transport;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;

/**
 * Watches one call for the moment its request begins to be written to a connection, so that a call failing before any
 * answer can say for certain whether any of it left this machine ({@link Delivery}). The exception alone cannot: a
 * connect timeout is the same {@code SocketTimeoutException} as a read timeout, and a TLS handshake with a plain-text
 * port fails with a plain {@code SSLException}; both come before a byte of the request is written. It notes too which way
 * the call went — through which proxy, or directly — so that a failure on the way can say what stands between.
 */
final class RequestProgress extends EventListener {

    private volatile boolean written;
    /** Whether every route the JVM's proxy selector gave the call was direct (none yet counts as direct). */
    private volatile boolean direct = true;
    /** The proxy of the call's latest connection attempt; {@code null} while none was made through one. */
    private volatile Proxy proxy;

    @Override
    public void proxySelectEnd(Call call, HttpUrl url, List<Proxy> proxies) {
        direct = proxies.stream().allMatch(chosen -> chosen.type() == Proxy.Type.DIRECT);
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        this.proxy = proxy.type() == Proxy.Type.DIRECT ? null : proxy;
    }

    @Override
    public void requestHeadersStart(Call call) {
        // Once any attempt of the call starts writing (OkHttp may repeat it on a fresh connection), nothing more is said:
        // the failure's type decides, as for a failure from elsewhere.
        written = true;
    }

    /** Whether any of the request was written to a connection. */
    boolean written() {
        return written;
    }

    /** Whether the call was to go directly to the server, through no proxy. */
    boolean direct() {
        return direct;
    }

    /** The proxy the call's latest connection went through, if any. */
    java.util.Optional<Proxy> proxy() {
        return java.util.Optional.ofNullable(proxy);
    }

    /** {@code failure}, saying that none of the call's request was written when nothing was, for {@link Delivery#of}. */
    <E extends Throwable> E mark(E failure) {
        if (!written) failure.addSuppressed(new NothingWritten());
        return failure;
    }

    /**
     * Attached to the failure of a call none of whose request was written, as a suppressed exception: the failure
     * itself stays what OkHttp threw (its type and message are what the clients' messages name). No stack trace: it
     * marks, it did not happen.
     */
    static final class NothingWritten extends Exception {

        NothingWritten() {
            super("the call failed before any of its request was written", null, false, false);
        }
    }
}
