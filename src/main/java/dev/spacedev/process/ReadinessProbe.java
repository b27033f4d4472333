package dev.spacedev.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A micro is ready once its port accepts a connection, on 127.0.0.1 or on ::1 (servers that bind
 * "localhost" may take either), from a socket of the micro's own process tree: another account
 * that bound the same port on the other loopback address first must not receive the micro's
 * traffic (its cookies, and the API key every action carries). Checked at once, then every
 * {@link #FIRST_EVERY} for the first second (most micros answer within it, and each poll missed is
 * time the app is not up), then every {@link #EVERY}, for as long as the run it is for is still the
 * current one.
 */
public final class ReadinessProbe {
    static final Duration FIRST_EVERY = Duration.ofMillis(10);
    static final Duration EVERY = Duration.ofMillis(50);
    private static final int FIRST_POLLS = 100;

    /** Where {@code port} accepts connections now from a socket {@code owner}'s tree holds, if anywhere. */
    @FunctionalInterface
    interface PortCheck {
        Optional<InetSocketAddress> accepting(int port, ProcessHandle owner);
    }

    private final Timer timer;
    private final PortCheck check;

    public ReadinessProbe(Timer timer) {
        this(timer, ReadinessProbe::connect);
    }

    ReadinessProbe(Timer timer, PortCheck check) {
        this.timer = timer;
        this.check = check;
    }

    /** Polls {@code port} while {@code wanted} holds; {@code ready} is called once, with where {@code owner}'s tree accepted. */
    public void await(int port, ProcessHandle owner, BooleanSupplier wanted, Consumer<InetSocketAddress> ready) {
        await(port, owner, wanted, ready, 0);
    }

    private void await(int port, ProcessHandle owner, BooleanSupplier wanted, Consumer<InetSocketAddress> ready, int polls) {
        if (!wanted.getAsBoolean()) {
            return;
        }
        Optional<InetSocketAddress> at = check.accepting(port, owner);
        if (at.isPresent()) {
            ready.accept(at.get());
        } else {
            timer.schedule(() -> await(port, owner, wanted, ready, polls + 1), polls < FIRST_POLLS ? FIRST_EVERY : EVERY);
        }
    }

    private static Optional<InetSocketAddress> connect(int port, ProcessHandle owner) {
        for (InetAddress host : ListeningSockets.LOOPBACKS) {
            InetSocketAddress candidate = new InetSocketAddress(host, port);
            try (Socket s = new Socket()) {
                s.connect(candidate, 250);
            } catch (IOException e) {
                continue; // not listening there (yet)
            }
            if (ListeningSockets.ownedBy(candidate, owner)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

}
