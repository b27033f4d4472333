package dev.spacedev.process;

import dev.spacedev.testing.ManualTime;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The probe on a manual clock: every 10 ms for a second, then every 50 ms, until the port accepts, and not a check more. */
class ReadinessProbeTest {
    final ManualTime time = new ManualTime(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    final AtomicBoolean listening = new AtomicBoolean();
    final AtomicInteger checks = new AtomicInteger();
    final InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4201);
    final ReadinessProbe probe = new ReadinessProbe(time, (port, owner) -> {
        checks.incrementAndGet();
        return listening.get() ? Optional.of(at) : Optional.empty();
    });

    @Test
    void readyAtTheFirstCheckThatFindsThePortAccepting() {
        List<InetSocketAddress> ready = new ArrayList<>();
        probe.await(4201, ProcessHandle.current(), () -> true, ready::add);
        assertThat(checks).hasValue(1);
        time.advance(Duration.ofMillis(25));
        assertThat(checks).hasValue(3); // at 0, 10 and 20 ms
        for (int i = 0; i < 97; i++) {
            time.advance(Duration.ofMillis(10));
        }
        assertThat(checks).hasValue(100); // the first second, every 10 ms
        time.advance(Duration.ofMillis(10));
        assertThat(checks).hasValue(101); // at 1000 ms
        time.advance(Duration.ofMillis(40));
        assertThat(checks).as("then every 50 ms").hasValue(101);
        time.advance(Duration.ofMillis(10));
        assertThat(checks).hasValue(102); // at 1050 ms
        assertThat(ready).isEmpty();
        listening.set(true);
        time.advance(Duration.ofMillis(50));
        assertThat(ready).containsExactly(at);
        time.advance(Duration.ofSeconds(5));
        assertThat(checks).as("no check once ready").hasValue(103);
        assertThat(time.pending()).isZero();
    }

    @Test
    void stopsCheckingWhenTheRunItIsForHasEnded() {
        AtomicBoolean running = new AtomicBoolean(true);
        List<InetSocketAddress> ready = new ArrayList<>();
        probe.await(4201, ProcessHandle.current(), running::get, ready::add);
        time.advance(Duration.ofMillis(10));
        time.advance(Duration.ofMillis(10));
        running.set(false);
        listening.set(true);
        time.advance(Duration.ofSeconds(1));
        assertThat(ready).isEmpty();
        assertThat(checks).hasValue(3);
        assertThat(time.pending()).isZero();
    }
}
