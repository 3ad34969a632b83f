package dev.botsim.cognigy.engine.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of bytes: as lower-case hex, how the audit record, data files, cassettes and shards name content; as bytes,
 * for the other encodings a reader expects (a Content-Security-Policy's base64).
 */
public final class Sha256 {

    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /**
     * The SHA-256 of a text file's bytes as lower-case hex, each CR LF read as LF: one content whatever line ends a
     * checkout gave it. Git with {@code core.autocrlf} checks text files out with CR LF on Windows and LF on Linux, so
     * the bytes of one commit's data file, approval file or cassette differ between the two while every reader of them
     * (YAML, JSON, CSV, Botium's text) takes both as the same text. A file with LF line ends hashes as {@link #hex} does;
     * a lone CR is kept, as git's conversion keeps it.
     */
    public static String ofText(byte[] bytes) {
        int crlf = 0;
        for (int i = 0; i + 1 < bytes.length; i++) if (bytes[i] == '\r' && bytes[i + 1] == '\n') crlf++;
        if (crlf == 0) return hex(bytes);
        byte[] lf = new byte[bytes.length - crlf];
        int at = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') continue;
            lf[at++] = bytes[i];
        }
        return hex(lf);
    }

    public static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's contract).
            throw new IllegalStateException(e);
        }
    }
}
