package dev.botsim.cognigy.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server's side of RFC 6455 framing, what the sandbox's Socket Endpoint needs and no more: the handshake's
 * {@code Sec-WebSocket-Accept}, a client's frames read (each must be masked), a fragmented message put together, and
 * the server's frames written (never masked). A frame or message beyond the cap, an unmasked or malformed frame, and
 * text that is not UTF-8 are refused with the close code RFC 6455 gives for each.
 */
final class WebSocketFrames {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** Close codes of RFC 6455 §7.4.1. */
    static final int NORMAL = 1000;
    static final int PROTOCOL_ERROR = 1002;
    static final int UNSUPPORTED_DATA = 1003;
    static final int INVALID_PAYLOAD = 1007;
    static final int MESSAGE_TOO_BIG = 1009;

    /** The GUID RFC 6455 §1.3 appends to the client's key. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketFrames() {
    }

    /** {@code Sec-WebSocket-Accept} for the client's {@code Sec-WebSocket-Key}: Base64 of SHA-1 of the key and the GUID. */
    static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Whether {@code key} is a valid {@code Sec-WebSocket-Key}: Base64 of 16 bytes. */
    static boolean validKey(String key) {
        if (key == null) return false;
        try {
            return Base64.getDecoder().decode(key.strip()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** One frame as it came, its payload unmasked. */
    record Frame(boolean fin, int opcode, byte[] payload) {

        boolean control() {
            return (opcode & 0x8) != 0;
        }
    }

    /** A frame or message the server refuses: the close code and reason it answers with. */
    static final class Refused extends IOException {

        private static final long serialVersionUID = 1L;
        private final int code;

        Refused(int code, String reason) {
            super(reason);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /**
     * Reads one client frame of at most {@code maxPayload} bytes.
     *
     * @throws Refused      a frame RFC 6455 has the server fail the connection for
     * @throws EOFException the connection ended
     */
    static Frame read(InputStream in, int maxPayload) throws IOException {
        int first = in.read();
        if (first < 0) throw new EOFException("the connection ended");
        int second = readByte(in);
        boolean fin = (first & 0x80) != 0;
        if ((first & 0x70) != 0) throw new Refused(PROTOCOL_ERROR, "reserved bits set without an extension");
        int opcode = first & 0x0F;
        if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING && opcode != PONG) {
            throw new Refused(PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
        if ((second & 0x80) == 0) throw new Refused(PROTOCOL_ERROR, "a client's frame must be masked");
        long length = second & 0x7F;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | readByte(in);
            if (length < 0) throw new Refused(PROTOCOL_ERROR, "a payload length with its most significant bit set");
        }
        boolean control = (opcode & 0x8) != 0;
        if (control && (length > 125 || !fin)) throw new Refused(PROTOCOL_ERROR, "a control frame longer than 125 bytes or fragmented");
        if (length > maxPayload) {
            throw new Refused(MESSAGE_TOO_BIG, "a frame of " + length + " bytes; this endpoint takes at most " + maxPayload);
        }
        byte[] mask = in.readNBytes(4);
        if (mask.length < 4) throw new EOFException("the connection ended inside a frame");
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) throw new EOFException("the connection ended inside a frame");
        for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
        return new Frame(fin, opcode, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("the connection ended inside a frame");
        return b;
    }

    /**
     * Puts a fragmented message together: the frames after a first {@code TEXT} or {@code BINARY} frame without FIN,
     * up to the one with FIN, at most {@code maxMessage} bytes in all. Control frames may come between the fragments;
     * {@code control} answers them, and a {@code CLOSE} among them ends the message (returned as it is).
     */
    static final class Assembler {

        private final int maxMessage;
        private ByteArrayOutputStream fragments;
        private int opcode;

        Assembler(int maxMessage) {
            this.maxMessage = maxMessage;
        }

        /** The whole message this frame completes, or {@code null} while fragments are still to come. Control frames pass through. */
        Frame accept(Frame frame) throws Refused {
            if (frame.control()) return frame;
            if (frame.opcode() == CONTINUATION) {
                if (fragments == null) throw new Refused(PROTOCOL_ERROR, "a continuation frame with no message to continue");
            } else {
                if (fragments != null) throw new Refused(PROTOCOL_ERROR, "a new message before the last one's final fragment");
                if (frame.fin()) return frame;
                fragments = new ByteArrayOutputStream();
                opcode = frame.opcode();
            }
            if (fragments.size() + frame.payload().length > maxMessage) {
                throw new Refused(MESSAGE_TOO_BIG, "a fragmented message of more than " + maxMessage + " bytes");
            }
            fragments.writeBytes(frame.payload());
            if (!frame.fin()) return null;
            Frame whole = new Frame(true, opcode, fragments.toByteArray());
            fragments = null;
            return whole;
        }
    }

    /** A text payload as a string; text that is not UTF-8 refused with 1007. */
    static String text(byte[] payload) throws Refused {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(INVALID_PAYLOAD, "a text frame that is not UTF-8");
        }
    }

    /**
     * The code a client's close frame ends the connection with, which the server's close echoes: none given is
     * {@link #NORMAL}. A payload of one byte, or a code RFC 6455 §7.4 has no endpoint send (below 1000, 1004 to 1006,
     * 1015, 1016 to 2999, 5000 and above), is refused with 1002, a reason that is not UTF-8 with 1007: echoing such a
     * code would put on the wire a close no endpoint may send.
     */
    static int closeCode(byte[] payload) throws Refused {
        if (payload.length == 0) return NORMAL;
        if (payload.length == 1) throw new Refused(PROTOCOL_ERROR, "a close frame of one byte");
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        boolean sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        if (!sendable) throw new Refused(PROTOCOL_ERROR, "close code " + code + ", which no endpoint may send");
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload, 2, payload.length - 2));
        } catch (CharacterCodingException e) {
            throw new Refused(INVALID_PAYLOAD, "a close reason that is not UTF-8");
        }
        return code;
    }

    /** Writes one unmasked, final server frame. */
    static void write(OutputStream out, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) (length >>> shift) & 0xFF);
        }
        frame.writeBytes(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** A close frame's payload: the code, then the reason in UTF-8, cut to fit a control frame. */
    static byte[] closePayload(int code, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123);
        // Cut on a character's first byte, so the reason stays UTF-8.
        while (length > 0 && length < text.length && (text[length] & 0xC0) == 0x80) length--;
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return payload;
    }
}
