package dev.backgroundtasks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension, observed from outside: a sample test class run through JUnit's engine test kit, which
 * records the installations it was given.
 */
class InstallationExtensionIT {
    static final List<TaskInstallation> SEEN = new CopyOnWriteArrayList<>();
    static final List<Boolean> EXISTED = new CopyOnWriteArrayList<>();

    @Test
    void oneFreshInstallationPerClassRemovedAfterIt() {
        SEEN.clear();
        EXISTED.clear();
        Events tests = run(Sample.class);
        tests.assertStatistics(s -> s.started(4).succeeded(4));

        assertEquals(5, SEEN.size(), "beforeAll, two tests, the nested test and its current(): " + SEEN);
        TaskInstallation installation = SEEN.get(0);
        SEEN.forEach(seen -> assertSame(installation, seen));
        assertTrue(EXISTED.stream().allMatch(Boolean::booleanValue), "present while the class ran");
        assertFalse(Files.exists(installation.path()), "removed after the class: " + installation);
        assertFalse(InstallationExtension.current().isPresent(), "not current on this thread afterwards");

        SEEN.clear();
        run(Sample.class).assertStatistics(s -> s.succeeded(4));
        assertNotEquals(installation.path(), SEEN.get(0).path(), "fresh for each run of the class");
    }

    @Test
    void eachTestGetsACopyOfItsOwnRemovedAfterIt() {
        SEEN.clear();
        EXISTED.clear();
        run(EachTest.class).assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(2, SEEN.size(), SEEN::toString);
        assertNotEquals(SEEN.get(0).path(), SEEN.get(1).path(), "a copy each");
        SEEN.forEach(copy -> assertFalse(Files.exists(copy.path()), "removed: " + copy));
    }

    @Test
    void aCopyRunsItsOwnTestOnlyTasks() throws Exception {
        try (TaskInstallation original = TaskInstallation.create().withTestingTasks()) {
            TaskInstallation copy = original.copy();
            try (java.util.stream.Stream<Path> jars = Files.list(copy.testingTasks())) {
                for (Path jar : jars.toList()) {
                    Files.delete(jar);
                }
            }
            copy.task("success").run().assertExitCode(2);
            original.task("success").run().assertExitCode(0);
        }
    }

    @Test
    void aRunWithoutAnInstallationSaysHowToGetOne() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> BackgroundTaskRun.task("success").run());
        assertTrue(e.getMessage().contains("@WithInstallation"), e.getMessage());
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @WithInstallation(eachTest = true)
    static class EachTest {
        @Test
        void first(TaskInstallation installation) throws Exception {
            changeAlone(installation);
        }

        @Test
        void second(TaskInstallation installation) throws Exception {
            changeAlone(installation);
        }

        /** Neither test sees the other's change, and runs go to the test's copy. */
        private static void changeAlone(TaskInstallation installation) throws Exception {
            Sample.record(installation);
            assertSame(installation, InstallationExtension.current().orElseThrow());
            Path marker = installation.appTasks().resolve("changed");
            assertFalse(Files.exists(marker), "another test's change");
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "");
        }
    }

    @WithInstallation(testingTasks = true)
    static class Sample {
        @BeforeAll
        static void before(TaskInstallation installation) {
            record(installation);
        }

        @Test
        void parameter(TaskInstallation installation) {
            record(installation);
        }

        @Test
        void runsGoToTheClassInstallation(TaskInstallation installation) {
            record(installation);
            BackgroundTaskResult result = BackgroundTaskRun.task("success").run().assertExitCode(0);
            assertTrue(result.command().contains(installation.launcherJar().toString()), result::toString);
        }

        @Test
        void testingTasksAreFound() {
            BackgroundTaskRun.task("exitcode").args("12").run().assertExitCode(12);
        }

        @Nested
        class Inner {
            @Test
            void sharesTheEnclosingInstallation(TaskInstallation installation) {
                record(installation);
                assertNotNull(InstallationExtension.current().orElse(null));
                record(InstallationExtension.current().get());
            }
        }

        private static void record(TaskInstallation installation) {
            SEEN.add(installation);
            EXISTED.add(Files.isRegularFile(installation.launcherJar()));
        }
    }
}
