package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JvmTurnTest {

    @Test
    @DisplayName("a turn another thread has is not had within the wait, and is had once that thread gives it up")
    void anotherThreadsTurn() throws Exception {
        JvmTurn turn = new JvmTurn();
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch giveUp = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            JvmTurn.Held held = turn.take();
            taken.countDown();
            try {
                giveUp.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.close();
            }
        });
        assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(turn.takeWithin(Duration.ZERO)).as("the other thread's turn").isEmpty();

        giveUp.countDown();
        other.get(30, TimeUnit.SECONDS);
        Optional<JvmTurn.Held> mine = turn.takeWithin(Duration.ZERO);
        assertThat(mine).as("given up").isPresent();
        mine.get().close();
        turn.take().close();
    }

    @Test
    @DisplayName("an interrupt does not end the wait for a free turn, and its flag is set again for the caller")
    void waitsThroughAnInterrupt() {
        JvmTurn turn = new JvmTurn();
        Thread.currentThread().interrupt();
        try {
            Optional<JvmTurn.Held> held = turn.takeWithin(Duration.ofSeconds(30));

            assertThat(held).isPresent();
            assertThat(Thread.currentThread().isInterrupted()).as("the flag kept").isTrue();
            held.get().close();
        } finally {
            Thread.interrupted();
        }
    }
}
