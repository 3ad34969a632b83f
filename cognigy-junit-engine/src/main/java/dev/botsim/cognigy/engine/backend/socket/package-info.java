/**
 * The Socket Endpoint backend: a Cognigy Socket.IO Endpoint (what Webchat talks to) reached over one WebSocket per
 * session, speaking Engine.IO 3 ({@code EngineIoPacket}, {@code Heartbeat}) and Socket.IO 2 ({@code SocketIoPacket}), as
 * Cognigy's own {@code @cognigy/socket-client} does; a turn's outputs are read as a REST Endpoint's are. Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.backend.socket;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
