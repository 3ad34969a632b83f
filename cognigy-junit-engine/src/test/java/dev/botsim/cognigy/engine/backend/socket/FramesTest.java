package dev.botsim.cognigy.engine.backend.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Engine.IO 3 and Socket.IO 2 frames, exactly as the protocols' texts write them. */
class FramesTest {

    @Test
    @DisplayName("Engine.IO 3: the open packet's handshake, a client's ping 2, a pong 3 with the ping's data, a message 4")
    void engineIo() {
        EngineIoPacket open = EngineIoPacket.parse("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"pingInterval\":25000,\"pingTimeout\":5000}").orElseThrow();
        assertThat(open.type()).isEqualTo(EngineIoPacket.Type.OPEN);
        assertThat(open.data()).isEqualTo("{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"pingInterval\":25000,\"pingTimeout\":5000}");
        assertThat(EngineIoPacket.PING.encode()).isEqualTo("2");
        assertThat(EngineIoPacket.PONG.encode()).isEqualTo("3");
        assertThat(new EngineIoPacket(EngineIoPacket.Type.PONG, "probe").encode()).isEqualTo("3probe");
        assertThat(EngineIoPacket.parse("3").orElseThrow().type()).isEqualTo(EngineIoPacket.Type.PONG);
        assertThat(EngineIoPacket.parse("1").orElseThrow().type()).isEqualTo(EngineIoPacket.Type.CLOSE);
        assertThat(EngineIoPacket.message("2[\"hey\",\"Jude\"]").encode()).isEqualTo("42[\"hey\",\"Jude\"]");
        assertThat(EngineIoPacket.parse("")).isEmpty();
        assertThat(EngineIoPacket.parse("7x")).isEmpty();
        assertThat(EngineIoPacket.parse("{\"a\":1}")).isEmpty();
    }

    @Test
    @DisplayName("Socket.IO 2: connect 0, an event 2[…], one asking for an acknowledgement 2<id>[…], its acknowledgement"
            + " 3<id>[], a namespace /admin, and an error's payload")
    void socketIo() {
        assertThat(SocketIoPacket.parse("0").orElseThrow()).isEqualTo(new SocketIoPacket(SocketIoPacket.Type.CONNECT, "/",
                OptionalLong.empty(), ""));
        SocketIoPacket event = SocketIoPacket.parse("2[\"output\",{\"type\":\"output\"}]").orElseThrow();
        assertThat(event.type()).isEqualTo(SocketIoPacket.Type.EVENT);
        assertThat(event.ackId()).isEmpty();
        assertThat(event.payload()).isEqualTo("[\"output\",{\"type\":\"output\"}]");
        SocketIoPacket asking = SocketIoPacket.parse("217[\"finalPing\",{\"type\":\"regular\"}]").orElseThrow();
        assertThat(asking.ackId()).hasValue(17);
        assertThat(asking.payload()).isEqualTo("[\"finalPing\",{\"type\":\"regular\"}]");
        SocketIoPacket admin = SocketIoPacket.parse("2/admin,456[\"project:delete\",123]").orElseThrow();
        assertThat(admin.namespace()).isEqualTo("/admin");
        assertThat(admin.ackId()).hasValue(456);
        assertThat(admin.payload()).isEqualTo("[\"project:delete\",123]");
        assertThat(admin.encode()).isEqualTo("2/admin,456[\"project:delete\",123]");
        assertThat(SocketIoPacket.parse("4\"Not authorized\"").orElseThrow().payload()).isEqualTo("\"Not authorized\"");
        assertThat(SocketIoPacket.parse("51-[\"hello\",{\"_placeholder\":true,\"num\":0}]").orElseThrow().type())
                .isEqualTo(SocketIoPacket.Type.BINARY_EVENT);
        assertThat(SocketIoPacket.ack(456).encode()).isEqualTo("3456[]");
        assertThat(SocketIoPacket.event("[\"processInput\",{}]").encode()).isEqualTo("2[\"processInput\",{}]");
        assertThat(SocketIoPacket.DISCONNECT.encode()).isEqualTo("1");
        assertThat(SocketIoPacket.parse("9")).isEmpty();
    }

    @Test
    @DisplayName("Socket.IO 2's edges: 7, the first digit past its packet types, is no packet; a binary event's"
            + " attachment count and dash come before its namespace and payload, not read as an acknowledgement id")
    void socketIoEdges() {
        assertThat(SocketIoPacket.parse("6-[]").orElseThrow().type()).isEqualTo(SocketIoPacket.Type.BINARY_ACK);
        assertThat(SocketIoPacket.parse("7")).isEmpty();
        assertThat(SocketIoPacket.parse("7[\"output\",{}]")).isEmpty();
        SocketIoPacket binary = SocketIoPacket.parse("51-[\"hello\",{\"_placeholder\":true,\"num\":0}]").orElseThrow();
        assertThat(binary.ackId()).isEmpty();
        assertThat(binary.payload()).isEqualTo("[\"hello\",{\"_placeholder\":true,\"num\":0}]");
        SocketIoPacket admin = SocketIoPacket.parse("52-/admin,7[\"upload\"]").orElseThrow();
        assertThat(admin.namespace()).isEqualTo("/admin");
        assertThat(admin.ackId()).hasValue(7);
        assertThat(SocketIoPacket.parse("5[\"no dash\"]")).isEmpty();
        assertThat(EngineIoPacket.parse("6").orElseThrow().type()).isEqualTo(EngineIoPacket.Type.NOOP);
        assertThat(EngineIoPacket.parse("7")).isEmpty();
    }

    @Test
    @DisplayName("the frames on the wire: an event 42[…], an acknowledgement 43<id>[], the disconnect 41")
    void onTheWire() {
        assertThat(EngineIoPacket.message(SocketIoPacket.event("[\"processInput\",{\"text\":\"hi\"}]").encode()).encode())
                .isEqualTo("42[\"processInput\",{\"text\":\"hi\"}]");
        assertThat(EngineIoPacket.message(SocketIoPacket.ack(3).encode()).encode()).isEqualTo("433[]");
        assertThat(EngineIoPacket.message(SocketIoPacket.DISCONNECT.encode()).encode()).isEqualTo("41");
        EngineIoPacket frame = EngineIoPacket.parse("423[\"output\",{}]").orElseThrow();
        assertThat(SocketIoPacket.parse(frame.data()).orElseThrow().ackId()).hasValue(3);
    }
}
