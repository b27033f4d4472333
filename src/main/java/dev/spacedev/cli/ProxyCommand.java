package dev.spacedev.cli;

import dev.spacedev.process.LaunchPlan;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.proxy.PortFileUpstream;
import dev.spacedev.proxy.ProxyServer;
import dev.spacedev.proxy.Router;
import dev.spacedev.proxy.StaticFiles;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.SpaceDir;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code space-dev proxy}: only the proxy, routing to micros that {@code up --no-proxy} started. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Serve the app from one origin, routing to micros started elsewhere (space-dev up --no-proxy).")
public final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "The proxy's port (default: the first free port from 4200).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        InetAddress bindHost;
        try {
            bindHost = InetAddress.getByName(host);
        } catch (IOException e) {
            err.println("space-dev: --host " + host + " is not an address of this machine: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (port != null && !Ports.isFree(bindHost, port)) {
            err.println("space-dev: port " + port + " is already in use" + Ports.holder(port).map(h -> " by " + h).orElse("")
                    + "; choose another with --port");
            return ExitCodes.FAILURE;
        }
        int proxyPort = port != null ? port : Ports.firstFree(bindHost, UpCommand.DEFAULT_PORT, Set.of());
        SpaceDir space = new SpaceDir(app.projectDir());
        Router<Target> router = new Router<>(app.micros().stream().map(m -> new Router.Mount<>(m.path(), target(m, space))).toList());
        LogPrinter log = new LogPrinter(System.err, LogPrinter.colourWanted(), app.micros().stream().map(Micro::name).toList());
        ProxyServer proxy = ProxyServer.start(new InetSocketAddress(bindHost, proxyPort), router, ProxyServer.READY_WAIT);
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "space-dev-shutdown"));
        String url = "http://localhost:" + proxyPort;
        log.info("proxy for " + app.micros().size() + " micros at " + url);
        PrintWriter out = spec.commandLine().getOut();
        out.println(url);
        out.flush();
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }

    private static Target target(Micro m, SpaceDir space) {
        if (LaunchPlan.servesStatically(m)) {
            return new Target.StaticSite(m.name(), new StaticFiles(m.srcDir().resolve(m.serve().get()).normalize()));
        }
        return new Target.Service(new PortFileUpstream(m.name(), space));
    }
}
