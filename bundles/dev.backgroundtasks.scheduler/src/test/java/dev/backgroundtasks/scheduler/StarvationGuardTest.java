package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.BACKGROUND;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_BLOCKING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The opt-in starvation guard ({@link EventLoopOptions#starvationGuard}, docs/reference/java-api.md). */
class StarvationGuardTest {
    /** A flood of user-blocking work for {@code untilMillis}, each task 1 ms; returns when each background task ran. */
    private static List<Long> backgroundRunTimes(ManualEventLoop loop, long untilMillis) {
        Scheduler scheduler = loop.scheduler();
        List<Long> ranAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            scheduler.postTask(() -> ranAt.add(loop.nowMillis()), PostTaskOptions.defaults().priority(BACKGROUND));
        }
        Runnable[] flood = new Runnable[1];
        flood[0] = () -> {
            loop.busy(1);
            if (loop.nowMillis() < untilMillis) {
                scheduler.postTask(() -> {
                    flood[0].run();
                    return null;
                }, PostTaskOptions.defaults().priority(USER_BLOCKING));
            }
        };
        scheduler.postTask(() -> {
            flood[0].run();
            return null;
        }, PostTaskOptions.defaults().priority(USER_BLOCKING));
        loop.runUntilIdle();
        return ranAt;
    }

    @Test
    void offByDefaultBackgroundWaitsForTheFloodToEnd() {
        assertEquals(0, EventLoopOptions.defaults().starvationGuardMillis());
        assertEquals(List.of(100L, 100L, 100L), backgroundRunTimes(EventLoop.manual(), 100));
    }

    @Test
    void whenOnOneBackgroundTaskRunsPerWaitBehindHigherPriorities() {
        ManualEventLoop loop = EventLoop.manual(EventLoopOptions.defaults().starvationGuard(10));
        assertEquals(List.of(10L, 20L, 30L), backgroundRunTimes(loop, 100));
    }

    @Test
    void aNegativeWaitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> EventLoopOptions.defaults().starvationGuard(-1));
    }
}
