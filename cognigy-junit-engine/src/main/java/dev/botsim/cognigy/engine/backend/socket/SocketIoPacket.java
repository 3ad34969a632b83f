package dev.botsim.cognigy.engine.backend.socket;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Socket.IO packet of protocol revision 4 (Socket.IO 1.x and 2.x, on Engine.IO 3) as an Engine.IO message packet
 * carries it: {@code <type>[<namespace>,][<ack id>][<JSON payload>]}, the namespace only when it is not {@code /}. An
 * event is {@code 2["name",arg…]} ({@code 2<id>[…]} when the sender asks to be acknowledged), its acknowledgement
 * {@code 3<id>[…]}. Binary packets (types 5 and 6) carry their attachments in frames of their own, which no Cognigy
 * event needs; they are parsed for their type only.
 *
 * @param type      what the packet is
 * @param namespace the namespace, {@code /} by default
 * @param ackId     the acknowledgement id, when the packet has one
 * @param payload   the JSON payload as written (an array for events and acknowledgements), empty for none
 */
record SocketIoPacket(Type type, String namespace, OptionalLong ackId, String payload) {

    /** Socket.IO's packet types, by their digit. */
    enum Type {
        CONNECT, DISCONNECT, EVENT, ACK, ERROR, BINARY_EVENT, BINARY_ACK;

        char digit() {
            return (char) ('0' + ordinal());
        }
    }

    SocketIoPacket {
        namespace = namespace == null || namespace.isEmpty() ? "/" : namespace;
        payload = payload == null ? "" : payload;
    }

    /** An event of the default namespace without acknowledgement: {@code 2["name",…]}, its arguments as a JSON array. */
    static SocketIoPacket event(String arguments) {
        return new SocketIoPacket(Type.EVENT, "/", OptionalLong.empty(), arguments);
    }

    /** The empty acknowledgement of event {@code id}, as a client's callback called without arguments sends it: {@code 3<id>[]}. */
    static SocketIoPacket ack(long id) {
        return new SocketIoPacket(Type.ACK, "/", OptionalLong.of(id), "[]");
    }

    /** The disconnect of the default namespace a client sends as it leaves: {@code 1}. */
    static final SocketIoPacket DISCONNECT = new SocketIoPacket(Type.DISCONNECT, "/", OptionalLong.empty(), "");

    /** The packet an Engine.IO message's data holds; empty when it is none. */
    static Optional<SocketIoPacket> parse(String data) {
        if (data == null || data.isEmpty()) return Optional.empty();
        int digit = data.charAt(0) - '0';
        if (digit < 0 || digit >= Type.values().length) return Optional.empty();
        Type type = Type.values()[digit];
        int at = 1;
        if (type == Type.BINARY_EVENT || type == Type.BINARY_ACK) {
            int dash = data.indexOf('-', at);
            if (dash < 0) return Optional.empty();
            at = dash + 1;
        }
        String namespace = "/";
        if (at < data.length() && data.charAt(at) == '/') {
            int comma = data.indexOf(',', at);
            int end = comma < 0 ? data.length() : comma;
            namespace = data.substring(at, end);
            at = comma < 0 ? data.length() : comma + 1;
        }
        int digits = at;
        while (digits < data.length() && Character.isDigit(data.charAt(digits))) digits++;
        OptionalLong ackId = OptionalLong.empty();
        if (digits > at) {
            try {
                ackId = OptionalLong.of(Long.parseLong(data.substring(at, digits)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        return Optional.of(new SocketIoPacket(type, namespace, ackId, data.substring(digits)));
    }

    /** What an Engine.IO message packet carries for this packet. */
    String encode() {
        StringBuilder encoded = new StringBuilder().append(type.digit());
        if (!namespace.equals("/")) encoded.append(namespace).append(',');
        ackId.ifPresent(encoded::append);
        return encoded.append(payload).toString();
    }
}
