package dev.spacedev.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.testing.Poll;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Finding 3, on real sockets: another account that binds a micro's port on [::1] before the micro
 * starts must not be taken for the micro (it would get the owner's cookies and every action's API key).
 */
class PortSquatterTest {
    @Test
    void aSocketOutsideTheMicrosProcessTreeIsNeverItsReadyAddress() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.available(), "needs /proc (Linux)");
        InetAddress v6 = ListeningSockets.LOOPBACKS.get(1);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(v6, 0));
            int port = squatter.getLocalPort();
            // the micro: a child process that listens on 127.0.0.1:port a moment later
            Process micro = new ProcessBuilder("python3", "-c", "import socket,time\ntime.sleep(0.5)\ns=socket.socket()\n"
                    + "s.bind(('127.0.0.1'," + port + "))\ns.listen()\ntime.sleep(30)").start();
            try {
                CompletableFuture<InetSocketAddress> ready = new CompletableFuture<>();
                new ReadinessProbe(Timer.of(timer)).await(port, micro.toHandle(), micro::isAlive, ready::complete);
                InetSocketAddress at = ready.get(20, TimeUnit.SECONDS);
                assertThat(at.getAddress()).as("the micro's own socket, not the squatter's on [::1]").isEqualTo(InetAddress.getLoopbackAddress());
                assertThat(ListeningSockets.ownedBy(new InetSocketAddress(v6, port), micro.toHandle())).isFalse();
                assertThat(ListeningSockets.foreignListener(port, micro.toHandle())).contains(ProcessHandle.current().pid());
            } finally {
                micro.destroyForcibly().waitFor();
            }
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aWildcardListenerIsFound() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.available(), "needs /proc (Linux)");
        Process open = new ProcessBuilder("python3", "-c", "import socket,time\ns=socket.socket()\ns.bind(('0.0.0.0',0))\ns.listen()\n"
                + "print(s.getsockname()[1],flush=True)\ntime.sleep(30)").start();
        try {
            int port = Integer.parseInt(new java.io.BufferedReader(new java.io.InputStreamReader(open.getInputStream())).readLine().strip());
            assertThat(Poll.until(() -> ListeningSockets.wildcardOf(port, open.toHandle()).isPresent(), Duration.ofSeconds(5))).isTrue();
        } finally {
            open.destroyForcibly().waitFor();
        }
    }
}
