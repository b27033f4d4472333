package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check is only worth something if it can fail: a buffer dropped unreleased is reported. */
class LeakDetectionTest {
    @Test
    void aDroppedBufferIsReported() throws Exception {
        LeakDetection.install();
        int before = LeakDetection.LEAKS.size();
        leakOne();
        for (int i = 0; i < 20 && LeakDetection.LEAKS.size() == before; i++) {
            System.gc();
            Thread.sleep(20);
            PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
        }
        assertThat(LeakDetection.LEAKS.size()).isGreaterThan(before);
        LeakDetection.LEAKS.clear(); // this leak was on purpose
    }

    private static void leakOne() {
        ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        lost.writeInt(42);
    }
}
