package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

import okhttp3.HttpUrl;

/**
 * {@link Loopback}: a URL naming this machine, to which a secret may travel over plain HTTP without a warning and which no
 * proxy stands before; any other host is not this machine.
 */
class LoopbackTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "http://localhost:8080/hook          | true",
            "http://sandbox.localhost/hook       | true",
            "http://127.0.0.1:9000/              | true",
            "http://127.10.20.30/                | true",
            "http://[::1]:8080/                  | true",
            "http://cognigy.example.com/hook     | false",
            "http://localhost.example.com/hook   | false",
            "http://mylocalhost/hook             | false",
            "http://128.0.0.1/                   | false",
            "http://10.0.0.127/                  | false",
            "http://[::2]/                       | false"})
    @DisplayName("localhost, a name below it, 127.0.0.0/8 and ::1 are this machine; nothing else is")
    void loopback(String url, boolean loopback) {
        assertThat(Loopback.is(HttpUrl.get(url))).isEqualTo(loopback);
    }
}
