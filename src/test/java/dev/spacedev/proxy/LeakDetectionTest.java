package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check is only worth something if it can fail: a buffer dropped unreleased is reported. */
class LeakDetectionTest {
    @Test
    void aDroppedBufferIsReported() {
        LeakDetection.install();
        int before = LeakDetection.LEAKS.size();
        leakOne();
        dev.spacedev.testing.Poll.until(() -> {
            System.gc();
            PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
            return LeakDetection.LEAKS.size() > before;
        }, java.time.Duration.ofSeconds(10));
        assertThat(LeakDetection.LEAKS.size()).isGreaterThan(before);
        LeakDetection.LEAKS.clear(); // this leak was on purpose
    }

    private static void leakOne() {
        ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        lost.writeInt(42);
    }
}
