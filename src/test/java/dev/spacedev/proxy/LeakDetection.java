package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Netty's leak detector at PARANOID, with every leak it reports recorded; the test class fails
 * if any buffer it touched leaked (as Zuul's integration tests do).
 */
public final class LeakDetection implements BeforeAllCallback, AfterAllCallback {
    static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    /** PARANOID, and a recording detector unless the JVM was started with one already (pom.xml does). */
    static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        if (System.getProperty("io.netty.customResourceLeakDetector") == null) {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
                @Override
                public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                    return new RecordingLeakDetector<>(resource, samplingInterval, maxActive);
                }
            });
        }
        installed = true;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // leaks are found when a lost buffer has been collected and the detector next runs
        for (int i = 0; i < 5; i++) {
            System.gc();
            dev.spacedev.testing.Poll.pause(java.time.Duration.ofMillis(50));
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            probe.release();
        }
        assertThat(LEAKS).as("Netty buffers leaked").isEmpty();
    }
}
