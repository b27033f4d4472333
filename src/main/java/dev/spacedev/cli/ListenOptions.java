package dev.spacedev.cli;

import dev.spacedev.proxy.ProxyOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where and how the proxy listens: shared by {@code up} and {@code proxy}. */
public final class ListenOptions {
    static final int DEFAULT_PORT = 4200;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "The proxy's port (default: the first free port from 4200).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the app to your network).")
    String host;

    @Option(names = "--strict", description = "Apply Space's production limits: 504 after 20 s without response headers,"
            + " 413 for request bodies over 5.5 MB.")
    boolean strict;

    /** The address to bind, or null after saying why it is not one. */
    InetAddress bindHost(PrintWriter err) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            err.println("space-dev: --host " + host + " is not an address of this machine: " + e.getMessage());
            return null;
        }
    }

    /** The proxy's port: --port if it is free (else empty, after naming who holds it), or the first free from 4200. */
    OptionalInt resolvePort(InetAddress bindHost, PrintWriter err) {
        if (port == null) {
            return OptionalInt.of(Ports.firstFree(bindHost, DEFAULT_PORT, Set.of()));
        }
        if (port == 0) {
            return OptionalInt.of(Ports.anyFree(bindHost)); // "any port", as for a server socket
        }
        if (!Ports.isFree(bindHost, port)) {
            err.println("space-dev: port " + port + " is already in use" + Ports.holder(port).map(h -> " by " + h).orElse("")
                    + "; choose another with --port");
            return OptionalInt.empty();
        }
        return OptionalInt.of(port);
    }

    ProxyOptions proxyOptions() {
        return strict ? ProxyOptions.strict() : ProxyOptions.dev();
    }

    /** The URL a browser opens for the app. */
    static String url(InetAddress bindHost, int port) {
        boolean local = bindHost.isAnyLocalAddress() || bindHost.isLoopbackAddress();
        return "http://" + (local ? "localhost" : bindHost.getHostAddress()) + ":" + port;
    }
}
