package dev.spacedev.proxy;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector, recording what it reports so tests can fail on it. Installed for the
 * whole test JVM with {@code -Dio.netty.customResourceLeakDetector} (see pom.xml): a factory set
 * from a test would come too late for buffer classes an earlier test had already loaded.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    @SuppressWarnings("deprecation")
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LeakDetection.LEAKS.add(resourceType + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LeakDetection.LEAKS.add(resourceType);
        super.reportUntracedLeak(resourceType);
    }
}
