package dev.spacedev.cli;

import dev.spacedev.process.LogPrinter;
import dev.spacedev.proxy.PortFileUpstream;
import dev.spacedev.proxy.ProxyServer;
import dev.spacedev.proxy.Router;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.ProjectKeys;
import dev.spacedev.runtime.SpaceDir;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code space-dev proxy}: only the proxy, routing to micros that {@code up --no-proxy} started. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Serve the app from one origin, routing to micros started elsewhere (space-dev up --no-proxy).")
public final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Mixin
    ListenOptions listen;

    @picocli.CommandLine.Option(names = "--no-auth", description = "Let every request through (Space made every micro private).")
    boolean noAuth;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        InetAddress bindHost = listen.bindHost(err);
        if (bindHost == null) {
            return ExitCodes.USAGE;
        }
        java.util.OptionalInt resolved = listen.resolvePort(bindHost, err);
        if (resolved.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        int proxyPort = resolved.getAsInt();
        SpaceDir space = new SpaceDir(app.projectDir());
        Map<Micro, Target> targets = new LinkedHashMap<>();
        app.micros().forEach(m -> targets.put(m, Targets.isStatic(m) ? Targets.staticSite(m, listen.servedDotPaths)
                : Targets.service(m, new PortFileUpstream(m.name(), space))));
        Router<Target> router = Targets.router(targets);
        Gatekeeper gate = noAuth ? Gatekeeper.off() : Gatekeeper.forProject(space, ProjectKeys.loadOrCreate(space.ensure()), proxyPort,
                ListenOptions.beyondLoopback(bindHost));
        LogPrinter log = new LogPrinter(System.err, LogPrinter.colourWanted(), app.micros().stream().map(Micro::name).toList());
        ProxyServer proxy = ProxyServer.start(new InetSocketAddress(bindHost, proxyPort), router, listen.proxyOptions(), gate);
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "space-dev-shutdown"));
        String url = ListenOptions.url(bindHost, proxyPort);
        log.info("proxy for " + app.micros().size() + " micros at " + url);
        listen.announceSignIn(log, url, gate);
        PrintWriter out = spec.commandLine().getOut();
        out.println(url);
        out.flush();
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }
}
