package dev.spacedev.cli;

import dev.spacedev.app.Ports;
import dev.spacedev.proxy.ProxyOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import dev.spacedev.runtime.AllowedHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where and how the proxy listens: shared by {@code up} and {@code proxy}. */
public final class ListenOptions {
    static final int DEFAULT_PORT = 4200;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "The proxy's port (default: the first free port from 4200).")
    Integer port;

    @Option(names = "--data-port", paramLabel = "PORT", description = "The port of Deta Base and Drive for the micros, on"
            + " 127.0.0.1 (default: the proxy's port + 1, or the next free one after it).")
    Integer dataPort;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the app to your network).")
    String host;

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "Also answer to this host name (repeatable; a leading"
            + " \".\" allows its subdomains). localhost and IP addresses are always allowed; other names get 403 (DNS rebinding).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--serve-dotfile", paramLabel = "PATH", description = "Serve this dot-file or dot-folder of static micros after"
            + " all (repeatable; relative to the serve folder, e.g. .nojekyll). Others are not served; .space/ never is.")
    List<String> servedDotPaths = new ArrayList<>();

    @Option(names = "--strict", description = "Apply Space's production limits: 504 after 20 s without response headers,"
            + " 413 for request bodies over 5.5 MB.")
    boolean strict;

    /** The address to bind, or null after saying why it is not one (or why an --allowed-host is no name). */
    InetAddress bindHost(PrintWriter err) {
        if (!namesValid(err)) {
            return null;
        }
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

    /** --data-port if it is free (else empty, after naming who holds it); when not given, the proxy's port + 1 or the next free. */
    java.util.Optional<Integer> resolveDataPort(int proxyPort, PrintWriter err) {
        return checkDataPort(dataPort, proxyPort, err);
    }

    /** The same check for any command with a --data-port: a taken port gets the message a taken --port gets. */
    static java.util.Optional<Integer> checkDataPort(Integer asked, int proxyPort, PrintWriter err) {
        if (asked == null || asked == 0) {
            return java.util.Optional.of(asked == null ? Ports.dataPortFor(proxyPort) : 0);
        }
        if (asked == proxyPort) {
            err.println("space-dev: --data-port " + asked + " is the proxy's port; choose another");
            return java.util.Optional.empty();
        }
        if (asked < 0 || asked > 65535 || !Ports.isFree(InetAddress.getLoopbackAddress(), asked)) {
            err.println("space-dev: port " + asked + (asked < 0 || asked > 65535 ? " is no port" : " is already in use"
                    + Ports.holder(asked).map(h -> " by " + h).orElse("")) + "; choose another with --data-port");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(asked);
    }

    ProxyOptions proxyOptions() {
        return (strict ? ProxyOptions.strict() : ProxyOptions.dev()).withAllowedHosts(AllowedHosts.of(host, allowedHosts));
    }

    /** False after saying why, when an --allowed-host or --serve-dotfile value cannot be used. */
    boolean namesValid(PrintWriter err) {
        for (String path : servedDotPaths) {
            java.util.Optional<String> problem = dev.spacedev.proxy.StaticFiles.problemWith(path);
            if (problem.isPresent()) {
                err.println("space-dev: --serve-dotfile " + problem.get());
                return false;
            }
        }
        for (String name : allowedHosts) {
            java.util.Optional<String> problem = AllowedHosts.problemWith(name);
            if (problem.isPresent()) {
                err.println("space-dev: " + problem.get());
                return false;
            }
        }
        return true;
    }

}
