package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessLock}: a file lock another process holds, waited for. Another process is played by a channel whose
 * {@code tryLock} finds the lock taken a number of times.
 */
class ProcessLockTest {

    @Test
    @DisplayName("the lock once the other process lets it go, and the run told it waits once, however long it waits")
    void lockOnceFree() throws Exception {
        HeldChannel channel = new HeldChannel(3);
        AtomicInteger said = new AtomicInteger();

        Optional<FileLock> lock = ProcessLock.await(channel, Duration.ofMinutes(1), Duration.ZERO, said::incrementAndGet, false);

        assertThat(lock).containsSame(channel.lock);
        assertThat(channel.tries).hasValue(4);
        assertThat(said).hasValue(1);
    }

    @Test
    @DisplayName("a lock free at once is taken without a word")
    void freeAtOnce() throws Exception {
        HeldChannel channel = new HeldChannel(0);
        AtomicInteger said = new AtomicInteger();

        assertThat(ProcessLock.await(channel, Duration.ZERO, Duration.ZERO, said::incrementAndGet, false)).containsSame(channel.lock);
        assertThat(said).hasValue(0);
    }

    @Test
    @DisplayName("a lock still held when the wait is over is given up: nothing, and nothing said before its time")
    void givenUp() throws Exception {
        HeldChannel channel = new HeldChannel(Integer.MAX_VALUE);
        AtomicInteger said = new AtomicInteger();

        assertThat(ProcessLock.await(channel, Duration.ZERO, Duration.ofMinutes(1), said::incrementAndGet, false)).isEmpty();
        assertThat(channel.tries).hasValue(1);
        assertThat(said).hasValue(0);
    }

    @Test
    @DisplayName("an interrupt ends the wait, unless the caller waits through it: then the wait goes on and the interrupt"
            + " is kept for the caller")
    void interrupts() throws Exception {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> ProcessLock.await(new HeldChannel(2), Duration.ofMinutes(1), Duration.ofMinutes(1), () -> { },
                false)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();

        HeldChannel channel = new HeldChannel(2);
        Thread.currentThread().interrupt();
        try {
            assertThat(ProcessLock.await(channel, Duration.ofMinutes(1), Duration.ofMinutes(1), () -> { }, true))
                    .containsSame(channel.lock);
            assertThat(channel.tries).hasValue(3);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    /** A channel whose lock another process holds for the first {@code held} tries. */
    private static final class HeldChannel extends FileChannel {

        final AtomicInteger tries = new AtomicInteger();
        final FileLock lock = new FileLock(this, 0, Long.MAX_VALUE, false) {
            @Override
            public boolean isValid() {
                return true;
            }

            @Override
            public void release() {
            }
        };
        private final int held;

        HeldChannel(int held) {
            this.held = held;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            return tries.incrementAndGet() > held ? lock : null;
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            return 0;
        }

        @Override
        public FileChannel position(long newPosition) {
            return this;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public FileChannel truncate(long size) {
            return this;
        }

        @Override
        public void force(boolean metaData) {
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {
        }
    }
}
