package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.spacefile.Action;
import dev.spacedev.testing.ManualTime;
import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.Interval;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Presets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The scheduler on a manual clock: time is moved by the test, never waited for. */
class ActionSchedulerTest {
    static Micro micro(String name, Action... actions) {
        return new Micro(name, name, Path.of("/tmp"), Engine.NODEJS16, true, "/", Optional.empty(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), Presets.NONE, false, List.of(), false, List.of(actions));
    }

    static Action action(String id, String interval) throws Exception {
        return new Action(id, id, Optional.empty(), Action.SCHEDULE, Interval.parse(interval), Optional.empty());
    }

    @Test
    void firesOnScheduleAlignedToTheClockAndLogsEachRun() throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2024-03-15T10:07:30Z"));
        List<String> fired = new ArrayList<>();
        List<String> log = new ArrayList<>();
        ActionScheduler.Delivery delivery = (m, a) -> {
            fired.add(a.id() + "@" + time.instant());
            return CompletableFuture.completedFuture(a.id().equals("broken") ? 500 : 200);
        };
        new ActionScheduler(List.of(micro("api", action("tidy", "5 minutes"), action("broken", "0 * * * *"))), time, time,
                delivery, log::add).start();

        assertThat(log).containsExactly(
                "action tidy (api, \"5 minutes\") first runs at 2024-03-15T10:10:00Z",
                "action broken (api, \"0 * * * *\") first runs at 2024-03-15T11:00:00Z");
        time.advanceTo(Instant.parse("2024-03-15T11:00:00Z"));

        assertThat(fired).containsExactly("tidy@2024-03-15T10:10:00Z", "tidy@2024-03-15T10:15:00Z", "tidy@2024-03-15T10:20:00Z",
                "tidy@2024-03-15T10:25:00Z", "tidy@2024-03-15T10:30:00Z", "tidy@2024-03-15T10:35:00Z", "tidy@2024-03-15T10:40:00Z",
                "tidy@2024-03-15T10:45:00Z", "tidy@2024-03-15T10:50:00Z", "tidy@2024-03-15T10:55:00Z", "broken@2024-03-15T11:00:00Z",
                "tidy@2024-03-15T11:00:00Z");
        assertThat(log.get(2)).isEqualTo("action tidy (api) ran: 200 in 0 ms; next at 2024-03-15T10:15:00Z");
        assertThat(log).contains("action broken (api) ran: 500 (a failure, as Space counted it) in 0 ms; next at 2024-03-15T12:00:00Z");
    }

    @Test
    void aMicroThatIsDownIsLoggedAndTheScheduleGoesOn() throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2024-03-15T10:00:00Z"));
        List<String> log = new ArrayList<>();
        ActionScheduler.Delivery down = (m, a) -> CompletableFuture.failedFuture(new IllegalStateException("micro api is not running"));
        new ActionScheduler(List.of(micro("api", action("tidy", "1 hour"))), time, time, down, log::add).start();
        time.advanceTo(Instant.parse("2024-03-15T12:00:00Z"));
        assertThat(log).contains(
                "action tidy (api) ran: failed: micro api is not running in 0 ms; next at 2024-03-15T12:00:00Z",
                "action tidy (api) ran: failed: micro api is not running in 0 ms; next at 2024-03-15T13:00:00Z");
    }

    @Test
    void stopStopsFiring() throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2024-03-15T10:00:00Z"));
        List<String> fired = new ArrayList<>();
        ActionScheduler s = new ActionScheduler(List.of(micro("api", action("tidy", "1 minute"))), time, time,
                (m, a) -> {
                    fired.add(a.id());
                    return CompletableFuture.completedFuture(200);
                }, line -> { });
        s.start();
        time.advanceTo(Instant.parse("2024-03-15T10:02:00Z"));
        s.stop();
        time.advanceTo(Instant.parse("2024-03-15T10:10:00Z"));
        assertThat(fired).hasSize(2);
    }

    @Test
    void theBodyIsWhatSpaceSent() throws Exception {
        assertThat(ActionDelivery.body(action("cleanup", "1 hour"))).isEqualTo("{\"event\":{\"id\":\"cleanup\",\"trigger\":\"schedule\"}}");
    }

    @Test
    void theLastRunsAreKeptNewestFirstAndARunNowLeavesTheScheduleAsItWas() throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2024-03-15T10:00:00Z"));
        List<String> log = new ArrayList<>();
        int[] status = {200};
        ActionScheduler scheduler = new ActionScheduler(List.of(micro("api", action("tidy", "1 hour"))), time, time,
                (m, a) -> status[0] == 0 ? CompletableFuture.failedFuture(new IllegalStateException("micro api is not running"))
                        : CompletableFuture.completedFuture(status[0]), log::add);
        assertThat(scheduler.actions()).singleElement().satisfies(a -> assertThat(a.next()).isEmpty()); // not started: no schedule

        scheduler.start();
        time.advanceTo(Instant.parse("2024-03-15T11:00:00Z"));
        status[0] = 0;
        ActionScheduler.Run now = scheduler.runNow("tidy").orElseThrow().get();

        assertThat(now.manual()).isTrue();
        assertThat(now.status()).isEmpty();
        assertThat(now.succeeded()).isFalse();
        assertThat(now.outcome()).isEqualTo("failed: micro api is not running");
        ActionScheduler.State tidy = scheduler.actions().get(0);
        assertThat(tidy.next()).contains(Instant.parse("2024-03-15T12:00:00Z"));
        assertThat(tidy.runs()).extracting(ActionScheduler.Run::manual).containsExactly(true, false);
        assertThat(tidy.runs().get(1).status()).contains(200);
        assertThat(log).contains("action tidy (api): run now, as asked", "action tidy (api) ran: failed: micro api is not running in 0 ms");
        assertThat(scheduler.runNow("nope")).isEmpty();

        status[0] = 204;
        for (int i = 0; i < ActionScheduler.RUNS_KEPT + 5; i++) {
            scheduler.runNow("tidy");
        }
        assertThat(scheduler.actions().get(0).runs()).hasSize(ActionScheduler.RUNS_KEPT).allMatch(ActionScheduler.Run::succeeded);
    }

    @Test
    void theOwnersScheduleIsHonouredAndOutlivesTheRun(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2024-03-15T10:07:30Z"));
        List<String> fired = new ArrayList<>();
        ActionScheduler.Delivery delivery = (m, a) -> {
            fired.add(a.id() + "@" + time.instant());
            return CompletableFuture.completedFuture(200);
        };
        Path file = dir.resolve("schedules");
        List<Micro> micros = List.of(micro("api", action("tidy", "1 hour")));
        ActionScheduler first = new ActionScheduler(micros, time, time, delivery, s -> { }, ActionScheduler.Ticks.ALWAYS,
                new ActionSchedules(StateDocument.file(file)));
        first.start();
        assertThat(first.actions().get(0).next()).contains(Instant.parse("2024-03-15T11:00:00Z"));

        ActionScheduler.State changed = first.reschedule("tidy", ActionSchedules.Choice.every("15 minutes")).orElseThrow();
        assertThat(changed.interval()).isEqualTo("15 minutes");
        assertThat(changed.schedule()).isEqualTo("changed");
        assertThat(changed.defaultInterval()).isEqualTo("1 hour");
        assertThat(changed.next()).contains(Instant.parse("2024-03-15T10:15:00Z"));
        time.advanceTo(Instant.parse("2024-03-15T11:00:00Z"));
        assertThat(fired).as("every 15 minutes, and the hourly tick planned before the change does not fire twice")
                .containsExactly("tidy@2024-03-15T10:15:00Z", "tidy@2024-03-15T10:30:00Z", "tidy@2024-03-15T10:45:00Z",
                        "tidy@2024-03-15T11:00:00Z");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.reschedule("tidy", ActionSchedules.Choice.every("5 mins")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minute(s), hour(s) or day(s)");
        assertThat(first.reschedule("nope", ActionSchedules.Choice.OFF)).isEmpty();
        first.stop();

        // the next run of up reads the owner's choice back
        fired.clear();
        ActionScheduler second = new ActionScheduler(micros, time, time, delivery, s -> { }, ActionScheduler.Ticks.ALWAYS,
                new ActionSchedules(StateDocument.file(file)));
        second.start();
        assertThat(second.actions().get(0).next()).contains(Instant.parse("2024-03-15T11:15:00Z"));
        second.reschedule("tidy", ActionSchedules.Choice.OFF);
        time.advanceTo(Instant.parse("2024-03-15T14:00:00Z"));
        assertThat(fired).as("off").isEmpty();
        assertThat(second.actions().get(0).schedule()).isEqualTo("off");
        assertThat(second.actions().get(0).next()).isEmpty();
        second.reschedule("tidy", ActionSchedules.Choice.DEFAULT);
        assertThat(second.actions().get(0).next()).contains(Instant.parse("2024-03-15T15:00:00Z"));
        assertThat(second.actions().get(0).schedule()).isEqualTo("default");
    }
}
