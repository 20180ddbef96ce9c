package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.backgroundtasks.api.ExitCode;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * The core behaviours of a run (docs/reference/exit-codes.md, profiles.md, preferences.md), once on each
 * way a user starts one: {@code java -jar launcher.jar}, {@code bin/backgroundtask} and the warm host. The
 * same assertions on every path, so a path that changes what a task sees, prints or exits with fails here.
 *
 * <p>One installation for the whole class (the tests only read it): each path gets its set-up once, on
 * its first test, and the tests of a path never depend on each other's order. Run it with
 * {@code mvn -B verify -pl itests -Dit.test=CorePathsIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false},
 * adding {@code -Dbackgroundtasks.launchPath=COLD|BIN|WARM} for one path.
 */
@WithInstallation(testingTasks = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorePathsIT {
    private static final String BANNER = "*** You are running in background task mode. ***";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String ARCHIVE = BinScript.suffix(Runtime.version().feature());

    /** How a run is started. */
    enum LaunchPath {
        /** {@code java -jar launcher.jar}, as the other black-box tests run it. */
        COLD,
        /** {@code bin/backgroundtask} with a private cache; its class archive is made before the first test. */
        BIN {
            @Override
            void prepare(CorePathsIT test) {
                test.bin = BinScript.in(test.installation, classTmp);
                BackgroundTaskResult first = apply(test.success(), test).run();
                assertEquals(0, first.exitCode(), first::toString);
                test.bin.awaitArchive(ARCHIVE, null);
            }

            /** The archive the runs map is still there: a run without it would pass, only slower. */
            @Override
            void beforeRun(CorePathsIT test) {
                assertFalse(test.bin.archives(ARCHIVE).isEmpty(), () -> "no class archive in " + test.bin.cache());
            }

            @Override
            BackgroundTaskRun apply(BackgroundTaskRun run, CorePathsIT test) {
                return test.bin.apply(run, JAVA);
            }
        },
        /**
         * A pre-warmed host takes the run ({@code always} makes the test-only tasks eligible); its first run
         * starts the host, and one run went warm before the first test.
         */
        WARM {
            @Override
            void prepare(CorePathsIT test) {
                test.awaitWarmRun(apply(test.success(), test));
            }

            /** Every run but one that finds no task, which never reaches a host, went warm, says its record. */
            @Override
            void ran(CorePathsIT test, BackgroundTaskResult result) {
                if (result.exitCode() != ExitCode.NOT_FOUND) {
                    List<JsonNode> history = RunHistoryIT.history(test.installation.dataDirectory());
                    assertTrue(history.get(history.size() - 1).path("warm").asBoolean(false),
                            () -> "went cold: " + history.get(history.size() - 1) + "\n" + result);
                }
            }

            /** The host is one-shot: the last run's successor, spawned as that run began, is listening. */
            @Override
            void beforeRun(CorePathsIT test) {
                await("a warm host listening").atMost(WARM_BOUND).pollInterval(Duration.ofMillis(50))
                        .until(test::warmHostListens);
            }

            /**
             * A host serves only runs of its own key, which covers the working directory and TMPDIR: every
             * warm run shares one of each (the kit gives each run folders of its own). env, not a shell's cd,
             * which would export OLDPWD, a run's own folder, into the environment the key covers.
             */
            @Override
            BackgroundTaskRun apply(BackgroundTaskRun run, CorePathsIT test) {
                return run.wrappedIn("env", "--chdir=" + test.warmFolder())
                        .tmpdir(test.warmFolder().resolve("tmp")).env("BACKGROUNDTASKS_WARM_HOST", "always");
            }
        };

        /** Once per class, before the path's first run: what the path needs to be in its steady state. */
        void prepare(CorePathsIT test) {
        }

        /** Before each test's runs, once it has its set-up. */
        void beforeRun(CorePathsIT test) {
        }

        /** After a test's run, with what it left: what the path promises about it. */
        void ran(CorePathsIT test, BackgroundTaskResult result) {
        }

        /** {@code run} started on this path. */
        BackgroundTaskRun apply(BackgroundTaskRun run, CorePathsIT test) {
            return run;
        }
    }

    /** {@code -Dbackgroundtasks.launchPath=BIN} runs one path only; the others are skipped. */
    private static final String ONLY = System.getProperty("backgroundtasks.launchPath");
    private static final Duration WARM_BOUND = Duration.ofSeconds(60);

    /** Static: the class's own, kept from its first test to its last (an instance field's is per test). */
    @TempDir
    static Path classTmp;
    TaskInstallation installation;
    BinScript bin;
    private final Set<LaunchPath> prepared = EnumSet.noneOf(LaunchPath.class);

    @BeforeAll
    void installation(TaskInstallation installation) {
        this.installation = installation;
    }

    /** The working directory and, below it, the TMPDIR of every warm run. */
    Path warmFolder() {
        try {
            return Files.createDirectories(classTmp.resolve("warm").resolve("tmp")).getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code success} in the class's installation, on no path yet: for a path's set-up. */
    BackgroundTaskRun success() {
        return BackgroundTaskRun.launcher("--backgroundtask", "success").in(installation);
    }

    /** The launcher with {@code args}, on {@code path}, in the class's installation. */
    private BackgroundTaskRun launch(LaunchPath path, String... args) {
        Assumptions.assumeTrue(ONLY == null || ONLY.equals(path.name()),
                () -> "only " + ONLY + " (-Dbackgroundtasks.launchPath)");
        if (!prepared.contains(path)) {
            path.prepare(this);
            prepared.add(path);
        }
        path.beforeRun(this);
        return path.apply(BackgroundTaskRun.launcher(args).in(installation), this);
    }

    private BackgroundTaskResult run(LaunchPath path, String... args) {
        BackgroundTaskResult result = launch(path, args).run();
        path.ran(this, result);
        return result;
    }

    /**
     * Runs {@code run} until one of its runs went warm, as the run history says, within {@link #WARM_BOUND}:
     * the first run finds no host and starts one.
     */
    void awaitWarmRun(BackgroundTaskRun run) {
        await("a run taken by the warm host").atMost(WARM_BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
            BackgroundTaskResult r = run.run();
            assertEquals(0, r.exitCode(), r::toString);
            return wentWarm();
        });
    }

    /** A host's socket is in the runtime directory (a connection is the real test; the launcher makes it). */
    boolean warmHostListens() throws IOException {
        Path warm = installation.runtimeDirectory().resolve("warm");
        if (!Files.isDirectory(warm)) {
            return false;
        }
        try (Stream<Path> files = Files.list(warm)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".sock"));
        }
    }

    private boolean wentWarm() {
        return RunHistoryIT.history(installation.dataDirectory()).stream()
                .anyMatch(record -> record.path("warm").asBoolean(false));
    }

    /** Exit code {@code expected}, the banner first on stderr, and no ephemeral profile left. */
    private static BackgroundTaskResult assertEnded(int expected, BackgroundTaskResult r) {
        assertEquals(expected, r.exitCode(), r::toString);
        assertEquals(BANNER, r.stderr().isEmpty() ? null : r.stderr().get(0), r::toString);
        assertEquals(List.of(), r.ephemeralProfiles(), r::toString);
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void successExitsZeroQuietlyAndRemovesItsProfile(LaunchPath path) {
        BackgroundTaskResult r = assertEnded(0, run(path, "--backgroundtask", "success"));
        assertEquals(List.of(), r.stdout(), r::toString);
        assertEquals(List.of(BANNER), r.stderr(), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void failureExitsOne(LaunchPath path) {
        assertEnded(1, run(path, "--backgroundtask", "failure"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void aThrowingTaskExitsThreeWithItsException(LaunchPath path) {
        BackgroundTaskResult r = assertEnded(3, run(path, "--backgroundtask", "exception"));
        assertTrue(r.stderrText().contains("the exception task throws"), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void aTasksOwnCodePassesThroughAndOutOfRangeIsThree(LaunchPath path) {
        assertEnded(42, run(path, "--backgroundtask", "exitcode", "42"));
        assertEnded(3, run(path, "--backgroundtask", "exitcode", "126"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void aTimeoutExitsFourLongBeforeTheTaskWouldEnd(LaunchPath path) {
        BackgroundTaskResult r = assertEnded(4, run(path, "--backgroundtask", "timeout"));
        assertTrue(r.stderrText().contains("timed out"), r::toString);
        assertTrue(r.wall().compareTo(Duration.ofSeconds(60)) < 0, r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void theMinimumRuntimeHolds(LaunchPath path) {
        BackgroundTaskResult r = assertEnded(0, run(path, "--backgroundtask", "minruntime"));
        assertTrue(r.wall().toMillis() > 1800, r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void aNoOutputTaskPrintsNothingAtAll(LaunchPath path) {
        BackgroundTaskResult r = run(path, "--backgroundtask", "no_output");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), r.stdout(), r::toString);
        assertEquals(List.of(), r.stderr(), r::toString);
        assertEquals(List.of(), r.ephemeralProfiles(), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void theTaskSeesItsOwnEphemeralProfileWhichIsRemovedAfterTheRun(LaunchPath path) throws Exception {
        BackgroundTaskResult r = assertEnded(0, run(path, "--backgroundtask", "unique_profile", "@@"));
        Path profile = ProfilesIT.reportedProfile(r);
        Path expected = r.tmpdir().resolve(ProfilesIT.prefix(installation.path(), "unique_profile"));
        assertEquals(expected, profile, r::toString);
        assertFalse(Files.exists(profile), "removed after the run: " + profile);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void aTaskPreferenceComesFromTheDefaultsOrThePrefOption(LaunchPath path) {
        assertEnded(79, run(path, "--backgroundtask", "specific_pref"));
        assertEnded(44, run(path, "--backgroundtask", "specific_pref", "--pref",
                "test.backgroundtask_specific_pref.exitCode=44"));
    }

    /** The persistent profile is the installation's, shared by the paths: each path keeps a value of its own. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void aPersistentProfileKeepsAValueFromRunToRun(LaunchPath path) {
        String name = "kept." + path;
        assertEnded(0, run(path, "--backgroundtask", "not_ephemeral_profile", name, "7"));
        assertEnded(7, run(path, "--backgroundtask", "not_ephemeral_profile", name, "9"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void anUnknownTaskExitsTwoWithOneLineAndNoBanner(LaunchPath path) {
        BackgroundTaskResult r = run(path, "--backgroundtask", "no_such_task");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(List.of(), r.stdout(), r::toString);
        assertEquals(1, r.stderr().size(), r::toString);
        assertTrue(r.stderrText().contains("no background task named 'no_such_task'"), r::toString);
        assertEquals(List.of(), r.ephemeralProfiles(), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void systemExitInATaskEndsTheRunWithItsCode(LaunchPath path) {
        assertEnded(17, run(path, "--backgroundtask", "system_exit", "17"));
    }

    static Stream<Arguments> signals() {
        return Stream.of(LaunchPath.values()).flatMap(path -> Stream.of(Arguments.of(path, "TERM", 143),
                Arguments.of(path, "INT", 130), Arguments.of(path, "HUP", 129)));
    }

    @ParameterizedTest(name = "{0} SIG{1}")
    @MethodSource("signals")
    void aSignalDuringTheTaskShutsDownInOrderAndRemovesTheProfile(LaunchPath path, String signal, int expected,
            @TempDir Path tmp) throws Exception {
        path.ran(this, SignalsAndTimeoutsIT.signalEndsTheRun(launch(path), tmp, signal, expected));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LaunchPath.class)
    void tenConcurrentRunsOfSuccessAllExitZero(LaunchPath path) throws Exception {
        List<BackgroundTaskResult> results = ProfilesIT.concurrently(10,
                launch(path, "--backgroundtask", "success").timeout(Duration.ofMinutes(3)));
        for (BackgroundTaskResult r : results) {
            assertEnded(0, r);
        }
    }
}
