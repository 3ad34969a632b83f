package dev.botsim.cognigy.engine.backend.playbooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NameGlobTest {

    @Test
    @DisplayName("* spans slashes, ? is one character, {a,b} either; dots, brackets and case are literal")
    void matches() {
        assertThat(NameGlob.of("Order*").matches("Order status")).isTrue();
        assertThat(NameGlob.of("Order*").matches("order status")).isFalse();
        assertThat(NameGlob.of("cognigy-junit/*").matches("cognigy-junit/run1/test_a")).isTrue();
        assertThat(NameGlob.of("{Order*,Refunds}").matches("Refunds")).isTrue();
        assertThat(NameGlob.of("{Order*,Refunds}").matches("Refunds 2")).isFalse();
        assertThat(NameGlob.of("v1.?").matches("v1.2")).isTrue();
        assertThat(NameGlob.of("v1.?").matches("v1x2")).isFalse();
        assertThat(NameGlob.of("[a]*").matches("[a] smoke")).isTrue();
        assertThat(NameGlob.of("*").matches("")).isTrue();
    }

    @Test
    @DisplayName("a backslash makes * ? { } , and itself literal; before any other character it is a backslash")
    void escapes() {
        assertThat(NameGlob.of("{Checkout\\, guest,Refunds}").matches("Checkout, guest")).isTrue();
        assertThat(NameGlob.of("{Checkout\\, guest,Refunds}").matches("Checkout")).isFalse();
        assertThat(NameGlob.of("Promo \\*").matches("Promo *")).isTrue();
        assertThat(NameGlob.of("Promo \\*").matches("Promo 2")).isFalse();
        assertThat(NameGlob.of("a\\b").matches("a\\b")).isTrue();
    }
}
