package dev.spacedev.cli;

import dev.spacedev.app.AppSession;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.net.InetAddress;
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
    DataUrlOption data;

    @Mixin
    ProjectDirOption project;

    @Mixin
    ListenOptions listen;

    @picocli.CommandLine.Option(names = "--no-auth", description = "Let every request through (Space made every micro private).")
    boolean noAuth;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!data.resolve(err)) {
            return ExitCodes.USAGE;
        }
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
        java.util.Optional<Integer> dataPort = listen.resolveDataPort(proxyPort, err);
        if (dataPort.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        LogPrinter log = new LogPrinter(err, LogPrinter.colourWanted(), app.micros().stream().map(Micro::name).toList());
        AppSession session = AppSession.builder(app, log).listen(bindHost, proxyPort).dataPort(dataPort.get()).proxyOptions(listen.proxyOptions()).auth(!noAuth)
                .servedDotPaths(listen.servedDotPaths).dataUrl(data.url().orElse(null)).startProxyOnly();
        Runtime.getRuntime().addShutdownHook(new Thread(session::close, "space-dev-shutdown"));
        String url = session.url();
        log.info("proxy for " + app.micros().size() + " micros at " + url);
        session.publishSignIn().ifPresent(link -> log.info("sign in: " + link + "   (space-dev login prints it again)"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(url);
        out.flush();
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }
}
