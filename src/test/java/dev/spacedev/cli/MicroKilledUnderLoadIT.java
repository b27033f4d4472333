package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import dev.spacedev.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A micro SIGKILLed while clients keep calling it: they get 502s while it is down, it is back
 * within 15 s, the log does not flood, and the proxy (at Netty's PARANOID leak level) leaks nothing.
 */
class MicroKilledUnderLoadIT {
    @TempDir
    Path dir;

    @Test
    void fiveOhTwoWhileDownThenBack() throws Exception {
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    dev: exec python3 server.py\n");
        try (UpProcess up = UpProcess.start(List.of("-Dio.netty.leakDetection.level=paranoid"), "up", "--no-auth", "--dir", dir.toString(),
                "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(Duration.ofSeconds(60));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ConcurrentMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong killedAt = new AtomicLong();
            AtomicLong firstOkAfterKill = new AtomicLong();
            CountDownLatch loaded = new CountDownLatch(200);
            Thread[] clients = new Thread[4];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = new Thread(() -> {
                    while (running.get()) {
                        int status;
                        try {
                            status = http.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(30)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1; // the connection died with the micro
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status == 200 && killedAt.get() != 0 && statuses.containsKey(502)) {
                            firstOkAfterKill.compareAndSet(0, System.nanoTime());
                        }
                        loaded.countDown();
                    }
                });
                clients[i].start();
            }
            loaded.await();
            int linesBefore = up.err().split("\n").length;
            ProcessHandle micro = up.descendants().stream()
                    .filter(p -> p.info().commandLine().orElse("").contains("server.py")).findFirst().orElseThrow();
            killedAt.set(System.nanoTime());
            micro.destroyForcibly();
            Poll.until(() -> firstOkAfterKill.get() != 0, Duration.ofSeconds(30));
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            assertThat(statuses).as("statuses seen: %s", statuses).containsKey(502);
            assertThat(statuses.keySet()).as("statuses seen: %s", statuses).isSubsetOf(200, 502, -1);
            assertThat(firstOkAfterKill.get()).as("served again after the kill").isPositive();
            Duration recovery = Duration.ofNanos(firstOkAfterKill.get() - killedAt.get());
            System.out.println("micro killed under load: served again after " + recovery.toMillis() + " ms; statuses " + statuses);
            assertThat(recovery).isLessThan(Duration.ofSeconds(15));
            int linesDuring = up.err().split("\n").length - linesBefore;
            assertThat(linesDuring).as("log lines while it was down:\n%s", up.err()).isLessThan(20);
            assertThat(up.err()).doesNotContain("LEAK");
        }
    }
}
