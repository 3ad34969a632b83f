package dev.botsim.cognigy.engine.support;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256, the one message authentication code the engine computes: the webhook's Standard Webhooks signatures,
 * the outbox's entries and the parts of a split run. Never prints or keeps the key.
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    /** How a MAC is written in the files the engine authenticates: the algorithm, then the MAC in lower-case hex. */
    private static final String TEXT_PREFIX = "hmac-sha256:";

    private HmacSha256() {
    }

    /** The MAC of the concatenation of {@code parts}, keyed with {@code key}. */
    public static byte[] of(byte[] key, byte[]... parts) {
        Mac mac = keyed(key);
        for (byte[] part : parts) mac.update(part);
        return mac.doFinal();
    }

    /**
     * A stream writing through to {@code out} whose bytes' MAC, keyed with {@code key}, it gives once they are written
     * ({@link Writing#mac}): a file signed as it is written, never held whole in memory to be signed.
     */
    public static Writing writing(byte[] key, OutputStream out) {
        return new Writing(keyed(key), out);
    }

    /** The bytes written through it go on to its stream and into the MAC. */
    public static final class Writing extends FilterOutputStream {

        private final Mac mac;

        private Writing(Mac mac, OutputStream out) {
            super(out);
            this.mac = mac;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            mac.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            mac.update(bytes, offset, length);
        }

        /** The MAC of every byte written. */
        public byte[] mac() {
            return mac.doFinal();
        }
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256 (Mac's contract); a key is only refused when it is empty,
            // which configuration refuses first.
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getClass().getSimpleName());
        }
    }

    /** A MAC as the engine's files hold it: {@code hmac-sha256:<hex>}. */
    public static String text(byte[] mac) {
        return TEXT_PREFIX + HexFormat.of().formatHex(mac);
    }

    /** The MAC a {@link #text} holds; empty for anything else (another prefix, not hex). */
    public static Optional<byte[]> fromText(String text) {
        if (text == null || !text.startsWith(TEXT_PREFIX)) return Optional.empty();
        try {
            return Optional.of(HexFormat.of().parseHex(text.substring(TEXT_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether two MACs are equal, in a time that does not depend on where they differ. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
