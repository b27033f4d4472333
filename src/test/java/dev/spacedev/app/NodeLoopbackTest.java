package dev.spacedev.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 4: a Node micro's listen(port), which binds every interface, binds loopback under space-dev's preload. */
class NodeLoopbackTest {
    @TempDir
    Path dir;

    @Test
    void listenWithoutAnAddressBindsLoopbackAndAnAddressGivenIsKept() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("node", "--version").start().waitFor() == 0, "needs node");
        Path shim = dir.resolve("node_loopback.cjs");
        try (InputStream in = NodeLoopbackTest.class.getResourceAsStream("/runtime/node_loopback.cjs")) {
            Files.write(shim, in.readAllBytes());
        }
        String script = "const net=require('net');const out=[];"
                + "const a=net.createServer();a.listen(0,()=>{out.push(a.address().address);"
                + "const b=net.createServer();b.listen({port:0},()=>{out.push(b.address().address);"
                + "const c=net.createServer();c.listen(()=>{out.push(c.address().address);"
                + "const d=net.createServer();d.listen(0,'::1',()=>{out.push(d.address().address);console.log(out.join(' '));process.exit(0)})})})});";
        ProcessBuilder pb = new ProcessBuilder("node", "-e", script).redirectErrorStream(true);
        pb.environment().put("NODE_OPTIONS", "--require \"" + shim + "\"");
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(out).isEqualTo("127.0.0.1 127.0.0.1 127.0.0.1 ::1");
    }
}
