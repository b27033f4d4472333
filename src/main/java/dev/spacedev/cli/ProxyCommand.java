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
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
        Router<Target> router = new Router<>(app.micros().stream().map(m -> new Router.Mount<>(m.path(), target(m, space))).toList());
        LogPrinter log = new LogPrinter(System.err, LogPrinter.colourWanted(), app.micros().stream().map(Micro::name).toList());
        ProxyServer proxy = ProxyServer.start(new InetSocketAddress(bindHost, proxyPort), router, listen.proxyOptions());
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "space-dev-shutdown"));
        String url = ListenOptions.url(bindHost, proxyPort);
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
