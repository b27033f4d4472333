package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.database.Database;
import dev.spacedev.database.TestPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances' runtime state in one PostgreSQL database: one owner, one set of keys, one leader for the actions. */
class SharedStateTest {
    private Database one;
    private Database two;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        var url = TestPostgres.newDatabase();
        one = Database.open(url, 4);
        two = Database.open(url, 4);
    }

    @AfterEach
    void close() {
        one.close();
        two.close();
    }

    @Test
    void aSessionMadeOnOneInstanceIsGoodOnTheOtherUntilSignedOut() throws Exception {
        OwnerSessions a = OwnerSessions.of(RuntimeState.shared(one), 4200);
        OwnerSessions b = OwnerSessions.of(RuntimeState.shared(two), 4300);
        assertThat(a.cookieName()).isEqualTo(b.cookieName()).doesNotContain("4200");

        String id = a.create();
        assertThat(b.isValid(id)).isTrue();
        assertThat(b.isValid("not-a-session")).isFalse();

        b.revoke(id);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (a.isValid(id) && System.nanoTime() < deadline) {
            Thread.sleep(100); // a signed-in session is re-read about once a second
        }
        assertThat(a.isValid(id)).isFalse();
    }

    @Test
    void eachInstancesTokenSignsInOnEveryInstanceAndOnlyItsHashIsStored() throws Exception {
        OwnerSessions a = OwnerSessions.of(RuntimeState.shared(one), 4200);
        OwnerSessions b = OwnerSessions.of(RuntimeState.shared(two), 4300);
        assertThat(a.runToken()).hasSize(48).isNotEqualTo(b.runToken());
        assertThat(b.redeem(a.runToken())).isTrue(); // the URL one printed, served by the other behind a load balancer
        assertThat(a.redeem(b.runToken())).isTrue();
        assertThat(b.redeem("0".repeat(48))).isFalse();
        String stored = RuntimeState.shared(one).signInToken().read();
        assertThat(stored).doesNotContain(a.runToken(), b.runToken()).contains(Secrets.sha256(a.runToken()));
        assertThat(b.redeem(a.oneTimeToken())).isFalse(); // up --open's token stays with the instance that made it
    }

    @Test
    void aKeyMadeOnOneInstanceIsTakenAtOnceByTheOther() throws Exception {
        AppKeys a = new AppKeys(RuntimeState.shared(one));
        AppKeys b = new AppKeys(RuntimeState.shared(two));
        String key = a.create("phone");
        assertThat(b.isLive(key)).isTrue();
        assertThat(b.list()).extracting(AppKeys.Entry::name).containsExactly("phone");
        assertThat(b.revoke("phone")).isTrue();
        assertThat(a.revoke("phone")).isFalse();
    }

    @Test
    void twoInstancesChangingTheKeysAtOnceLoseNothing() throws Exception {
        AppKeys a = new AppKeys(RuntimeState.shared(one));
        AppKeys b = new AppKeys(RuntimeState.shared(two));
        List<CompletableFuture<String>> made = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            AppKeys on = i % 2 == 0 ? a : b;
            String name = "k" + i;
            made.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return on.create(name);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(made.toArray(CompletableFuture[]::new)).join();
        assertThat(new AppKeys(RuntimeState.shared(one)).list()).hasSize(10);
    }

    @Test
    void oneLeaderRunsEachTickOnceAndAnotherTakesOverWhenItGoes() throws Exception {
        PgActionTicks a = new PgActionTicks(one, "a", log::add);
        PgActionTicks b = new PgActionTicks(two, "b", log::add);
        Instant tick = Instant.parse("2026-11-29T10:00:00Z");
        boolean ranOnA = a.claim("tidy", tick).join();
        boolean ranOnB = b.claim("tidy", tick).join();
        assertThat(ranOnA).isTrue();
        assertThat(ranOnB).isFalse();
        assertThat(a.claim("tidy", tick).join()).as("the same tick again").isFalse();
        assertThat(log).contains("actions: another instance runs the scheduled actions; this one takes over if that one stops");

        a.ran("tidy", tick, new ActionScheduler.Run(tick, java.util.Optional.of(200), "200", 12, false));
        b.ran("tidy", null, new ActionScheduler.Run(tick.plusSeconds(5), java.util.Optional.empty(), "failed: refused", 3, true));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (b.recent("tidy").orElseThrow().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100); // recorded on their threads; each instance reads all runs back every few seconds
        }
        assertThat(b.recent("tidy").orElseThrow()).extracting(ActionScheduler.Run::outcome, ActionScheduler.Run::manual)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("failed: refused", true), org.assertj.core.groups.Tuple.tuple("200", false));

        a.close(); // its connection, and with it the lock, is gone (as when its process dies)
        Instant next = tick.plusSeconds(60);
        assertThat(b.claim("tidy", next).join()).isTrue();
        b.close();
    }
}
