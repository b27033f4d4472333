package dev.spacedev.app;

import dev.spacedev.process.MicroProcess;
import dev.spacedev.runtime.OwnerSessions;
import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code space-dev test}'s probes of a running app, as its signed-in owner: each micro's path
 * once the micro is ready (2xx and 3xx pass; a 4xx shows it is reachable, no more; 5xx or no answer fails), then each expectation
 * ({@code "METHOD PATH STATUS"}). The probe's session is revoked when it is done.
 */
public final class SmokeProbe {
    private static final Pattern EXPECT = Pattern.compile("([A-Z]+)\\s+(/\\S*)\\s+(\\d{3})");
    private final AppSession session;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .build();

    /** @param timeout how long the micros may take to start, all together */
    public SmokeProbe(AppSession session, Duration timeout) {
        this.session = session;
        this.timeout = timeout;
    }

    public static boolean isExpectation(String text) {
        return EXPECT.matcher(text.strip()).matches();
    }

    public List<SmokeCase> run(List<String> expectations) throws IOException, InterruptedException {
        OwnerSessions owner = session.gate().sessions();
        String id = owner.create();
        try {
            return run(expectations, owner.cookieName() + "=" + id);
        } finally {
            owner.revoke(id);
        }
    }

    private List<SmokeCase> run(List<String> expectations, String cookie) throws InterruptedException {
        List<SmokeCase> cases = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Micro m : session.app().micros()) {
            long start = System.nanoTime();
            Optional<MicroProcess> process = session.processes().stream().filter(p -> p.name().equals(m.name())).findFirst();
            if (process.isPresent()) {
                Optional<String> notReady = awaitStart(process.get(), deadline);
                if (notReady.isPresent()) {
                    cases.add(SmokeCase.fail("micros", m.name(), notReady.get(), since(start), process.get().recentOutput()));
                    continue;
                }
            }
            int status = send("GET", m.path(), cookie);
            String detail = "GET " + m.path() + " -> " + spoken(status);
            if (status >= 200 && status < 400) {
                cases.add(SmokeCase.pass("micros", m.name(), detail, since(start)));
            } else if (status >= 400 && status < 500) {
                cases.add(SmokeCase.reachable("micros", m.name(), detail + " (it runs and answers, but not with a page at its root;"
                        + " --expect says what a path must answer)", since(start)));
            } else {
                cases.add(SmokeCase.fail("micros", m.name(), detail, since(start), process.map(MicroProcess::recentOutput).orElse(List.of())));
            }
        }
        for (String e : expectations) {
            Matcher x = EXPECT.matcher(e.strip());
            if (!x.matches()) {
                throw new IllegalArgumentException("not an expectation: " + e);
            }
            long start = System.nanoTime();
            int status = send(x.group(1), x.group(2), cookie);
            int wanted = Integer.parseInt(x.group(3));
            String detail = x.group(1) + " " + x.group(2) + " -> " + spoken(status) + (status == wanted ? "" : ", expected " + wanted);
            cases.add(status == wanted ? SmokeCase.pass("expectations", e.strip(), detail, since(start))
                    : SmokeCase.fail("expectations", e.strip(), detail, since(start), List.of()));
        }
        return cases;
    }

    /** Empty once the micro accepts connections; else why not: it exited while starting, has nothing to run, or took too long. */
    private static Optional<String> awaitStart(MicroProcess p, long deadline) throws InterruptedException {
        try {
            p.whenReady().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            if (p.startProblem().isPresent()) {
                return Optional.of("will not be ready: " + p.startProblem().get());
            }
            return Optional.of(p.phase() == MicroProcess.Phase.STOPPED && p.exits() == 0 ? "has nothing to run: " + p.plan().origin()
                    : "exited while starting (code " + p.lastExitCode() + ")");
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.of("did not accept connections within the timeout");
        }
    }

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int TIMED_OUT = -2;

    /** A status, or what happened instead. */
    static String spoken(int status) {
        return status == TIMED_OUT ? "timed out after " + REQUEST_TIMEOUT.toSeconds() + " s"
                : status < 0 ? "no answer (the connection failed)" : Integer.toString(status);
    }

    /** The status; -2 when no answer came in time, -1 when the connection failed. */
    private int send(String method, String path, String cookie) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(session.url() + path)).timeout(REQUEST_TIMEOUT)
                    .header("Cookie", cookie).method(method, HttpRequest.BodyPublishers.noBody()).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.net.http.HttpTimeoutException e) {
            return TIMED_OUT;
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
