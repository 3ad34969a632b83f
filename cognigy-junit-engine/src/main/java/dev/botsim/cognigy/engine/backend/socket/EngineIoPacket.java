package dev.botsim.cognigy.engine.backend.socket;

import java.util.Optional;

/**
 * One Engine.IO packet of protocol revision 3 as a WebSocket text frame carries it: its type's digit, then its data
 * ({@code 0{"sid":…}}, {@code 2}, {@code 42["output",{…}]}). Over a WebSocket each frame is one packet, never a
 * length-prefixed payload (that framing is HTTP long-polling's). In revision 3 the client sends {@code 2} (ping) and
 * the server answers {@code 3} (pong); revision 4 turned that round, which a client of revision 3 answers all the same.
 *
 * @param type what the packet is
 * @param data what follows the type's digit; empty for none
 */
record EngineIoPacket(Type type, String data) {

    /** Engine.IO's packet types, by their digit. */
    enum Type {
        OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

        char digit() {
            return (char) ('0' + ordinal());
        }
    }

    EngineIoPacket {
        data = data == null ? "" : data;
    }

    /** The ping a client of revision 3 sends every {@code pingInterval}: {@code 2}. */
    static final EngineIoPacket PING = new EngineIoPacket(Type.PING, "");

    /** The pong that answers a server's ping: {@code 3}. */
    static final EngineIoPacket PONG = new EngineIoPacket(Type.PONG, "");

    /** A message packet carrying {@code data} (a Socket.IO packet): {@code 4} followed by it. */
    static EngineIoPacket message(String data) {
        return new EngineIoPacket(Type.MESSAGE, data);
    }

    /** The frame's packet; empty when it is none (empty, or not opening with a type's digit). */
    static Optional<EngineIoPacket> parse(String frame) {
        if (frame == null || frame.isEmpty()) return Optional.empty();
        int digit = frame.charAt(0) - '0';
        if (digit < 0 || digit >= Type.values().length) return Optional.empty();
        return Optional.of(new EngineIoPacket(Type.values()[digit], frame.substring(1)));
    }

    /** The text frame that carries this packet. */
    String encode() {
        return type.digit() + data;
    }
}
