package dev.botsim.cognigy.engine.backend.socket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.support.Secret;

class SocketUrlTest {

    private static final String TOKEN = "0e77b9a19f33cb68b3f528b3b28d4b32386162559160ceb9ec85036d83dd8f8b";

    @Test
    @DisplayName("the URL Cognigy shows connects to /socket.io/ at its origin, token, session and user in the query as the"
            + " socket client names them")
    void connection() {
        SocketUrl url = SocketUrl.parse(Secret.of("https://endpoint-trial.cognigy.ai/" + TOKEN)).orElseThrow();
        assertThat(url.connection("ses_1", "user@example.com", true).toString()).isEqualTo(
                "https://endpoint-trial.cognigy.ai/socket.io/?EIO=3&transport=websocket&sessionId=ses_1&urlToken=" + TOKEN
                        + "&userId=user%40example.com&testMode=true&emitWithAck=true");
        assertThat(url.shown()).isEqualTo("https://endpoint-trial.cognigy.ai/****");
        assertThat(url.mask("token " + TOKEN.toUpperCase())).isEqualTo("token ****");
    }

    @Test
    @DisplayName("a path before the token is where socket.io/ goes, as the socket client puts it under the URL's path")
    void pathBeforeToken() {
        SocketUrl url = SocketUrl.parse(Secret.of("https://cognigy.example.com/endpoint/" + TOKEN + "/")).orElseThrow();
        assertThat(url.connection("s", "u", false).encodedPath()).isEqualTo("/endpoint/socket.io/");
    }

    @Test
    @DisplayName("a URL without a token, or with a REST test-mode /test/ before it, is refused saying what to write instead")
    void refused() {
        assertThat(SocketUrl.problem(Secret.of("https://endpoint-trial.cognigy.ai/"))).hasValueSatisfying(problem ->
                assertThat(problem).contains("Socket Endpoint's URL token").doesNotContain("/test/"));
        assertThat(SocketUrl.problem(Secret.of("https://endpoint-trial.cognigy.ai/test/" + TOKEN))).hasValueSatisfying(problem ->
                assertThat(problem).contains("cognigy.socket.test-mode=true").doesNotContain(TOKEN));
        assertThat(SocketUrl.parse(Secret.of("https://endpoint-trial.cognigy.ai/test/" + TOKEN))).isEmpty();
    }

    @Test
    @DisplayName("test mode's /test/ with no URL token after it is refused naming the Socket Endpoint's URL, not taken for a token 'test'")
    void testPrefixWithoutToken() {
        assertThat(SocketUrl.parse(Secret.of("https://endpoint-trial.cognigy.ai/test/"))).isEmpty();
        assertThat(SocketUrl.problem(Secret.of("https://endpoint-trial.cognigy.ai/test/"))).hasValue("ends in /test/, a REST"
                + " Endpoint's test-mode prefix, with no URL token after it: a Socket Endpoint's URL is"
                + " https://<endpoint host>/<URLToken>, as the endpoint's settings in Cognigy show it, and takes test mode as"
                + " cognigy.socket.test-mode=true");
        assertThat(SocketUrl.problem(Secret.of("https://bots.example.com/cognigy/test/"))).get().asString()
                .startsWith("ends in /test/, a REST Endpoint's test-mode prefix, with no URL token after it");
    }

    @Test
    @DisplayName("a session or user id holding &, =, # or + stays one query value: it cannot add a parameter (urlToken,"
            + " testMode) or cut the query short")
    void noParameterInjection() {
        SocketUrl url = SocketUrl.parse(Secret.of("https://endpoint-trial.cognigy.ai/" + TOKEN)).orElseThrow();
        okhttp3.HttpUrl connection = url.connection("s1&testMode=false#x", "u+1&urlToken=other", true);
        assertThat(connection.queryParameterValues("testMode")).containsExactly("true");
        assertThat(connection.queryParameterValues("urlToken")).containsExactly(TOKEN);
        assertThat(connection.queryParameter("sessionId")).isEqualTo("s1&testMode=false#x");
        assertThat(connection.queryParameter("userId")).isEqualTo("u+1&urlToken=other");
        assertThat(connection.fragment()).isNull();
    }
}
