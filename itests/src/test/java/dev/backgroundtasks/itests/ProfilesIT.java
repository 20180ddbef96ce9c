package dev.backgroundtasks.itests;

import static dev.backgroundtasks.testing.BackgroundTaskResult.ephemeralProfilesIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/** Ephemeral, explicit and persistent profiles, locking, the stale purge (docs/reference/profiles.md). */
@WithInstallation(testingTasks = true)
class ProfilesIT {
    private static final Pattern SENTINEL = Pattern.compile("@@(.*)@@");

    @TempDir
    Path tmp;

    static String prefix(Path installation, String task) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(installation.toRealPath().toString().getBytes("UTF-8"));
        return "BackgroundTask-" + HexFormat.of().formatHex(d).substring(0, 16) + "-" + task;
    }

    /** The profile path that {@code unique_profile @@} printed between its sentinels. */
    static Path reportedProfile(BackgroundTaskResult r) {
        Matcher m = SENTINEL.matcher(r.stdoutText());
        assertTrue(m.find(), r::toString);
        return Path.of(m.group(1));
    }

    @Test
    void ephemeralProfileIsNamedPrivateAndRemoved(TaskInstallation installation) throws Exception {
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp)
                .env("BACKGROUNDTASKS_NO_REMOVE_PROFILE", "1").args("--backgroundtask", "unique_profile", "@@").run();
        assertEquals(0, r.exitCode(), r::toString);
        Path profile = reportedProfile(r);
        assertEquals(tmp.resolve(prefix(installation.path(), "unique_profile")), profile);
        assertTrue(Files.isDirectory(profile), "kept under BACKGROUNDTASKS_NO_REMOVE_PROFILE");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(profile)));
        try (var s = Files.walk(profile)) {
            assertFalse(s.anyMatch(p -> p.toString().endsWith(".jar")), "no jar copied into the profile");
        }
        BackgroundTaskResult again = BackgroundTaskRun.launcher().tmpdir(tmp)
                .args("--backgroundtask", "unique_profile", "@@").run();
        Path second = reportedProfile(again);
        assertEquals(profile.resolveSibling(profile.getFileName() + ".1"), second, "a taken name gets .1");
        assertFalse(Files.exists(second), "removed without the variable");
    }

    @Test
    void tenConcurrentRunsGetTheirOwnProfilesAndAllSucceed() throws Exception {
        Set<Path> profiles = new HashSet<>();
        for (BackgroundTaskResult r : concurrently(10, BackgroundTaskRun.launcher().tmpdir(tmp)
                .timeout(Duration.ofMinutes(3)).args("--backgroundtask", "unique_profile", "@@"))) {
            assertEquals(0, r.exitCode(), r::toString);
            profiles.add(reportedProfile(r));
        }
        assertEquals(10, profiles.size());
        assertEquals(0, ephemeralProfilesIn(tmp).size());
    }

    /** {@code count} runs of {@code run}, all started at once; what each left, in the order started. */
    static List<BackgroundTaskResult> concurrently(int count, BackgroundTaskRun run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<BackgroundTaskResult>> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                runs.add(pool.submit(run::run));
            }
            List<BackgroundTaskResult> results = new ArrayList<>();
            for (Future<BackgroundTaskResult> f : runs) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stalePurgeRemovesAtMostFiveOldUnlockedProfilesOfThisTaskOnly(TaskInstallation installation) throws Exception {
        String prefix = prefix(installation.path(), "success");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        List<Path> stale = new ArrayList<>();
        for (String name : List.of(prefix, prefix + ".1", prefix + ".2", prefix + ".3", prefix + ".4", prefix + ".5",
                prefix + ".6")) {
            Path p = Files.createDirectory(tmp.resolve(name));
            Files.setLastModifiedTime(p, old);
            stale.add(p);
        }
        Path fresh = Files.createDirectory(tmp.resolve(prefix + ".7"));
        Path otherTask = Files.createDirectory(tmp.resolve(prefix + "_other"));
        Files.setLastModifiedTime(otherTask, old);
        Path locked = Files.createDirectory(tmp.resolve(prefix + ".8"));
        try (FileChannel ch = FileChannel.open(locked.resolve(".parentlock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            Files.setLastModifiedTime(locked, old);
            BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).args("--backgroundtask", "success").run();
            assertEquals(0, r.exitCode(), r::toString);
        }
        assertEquals(5, stale.stream().filter(p -> !Files.exists(p)).count(), "at most 5 per run");
        assertTrue(Files.exists(fresh), "younger than 60 s");
        assertTrue(Files.exists(otherTask), "another task's name");
        assertTrue(Files.exists(locked), "locked by a live run");
    }

    @Test
    void purgeCanBeDisabledOrForced(TaskInstallation installation) throws Exception {
        String prefix = prefix(installation.path(), "success");
        Path young = Files.createDirectory(tmp.resolve(prefix + ".3"));
        BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_PURGE_STALE_PROFILES", "never")
                .args("--backgroundtask", "success").run();
        assertTrue(Files.exists(young));
        BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_PURGE_STALE_PROFILES", "always")
                .args("--backgroundtask", "success").run();
        assertFalse(Files.exists(young));
    }

    @Test
    void explicitProfileIsUsedCreatedPrivateAndKept() throws Exception {
        Path explicit = tmp.resolve("explicit/profile");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp)
                .args("--profile", explicit.toString(), "--backgroundtask", "unique_profile", "@@").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(explicit, reportedProfile(r));
        assertTrue(Files.isDirectory(explicit));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(explicit)));
        Path fromEnv = tmp.resolve("from-env");
        BackgroundTaskResult e = BackgroundTaskRun.launcher().tmpdir(tmp)
                .env("BACKGROUNDTASKS_PROFILE_PATH", fromEnv.toString())
                .args("--backgroundtask", "unique_profile", "@@").run();
        assertEquals(fromEnv, reportedProfile(e));
        assertTrue(Files.isDirectory(fromEnv));
        assertEquals(0, ephemeralProfilesIn(tmp).size(), "no ephemeral profile beside an explicit one");
    }

    @Test
    void aFileAsProfileExitsOne() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp)
                .args("--profile", file.toString(), "--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("not a directory"), r::toString);
    }

    @Test
    void aLockedProfileExitsOneAfterRetrying() throws IOException {
        Path profile = Files.createDirectory(tmp.resolve("locked"));
        try (FileChannel ch = FileChannel.open(profile.resolve(".parentlock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp)
                    .args("--profile", profile.toString(), "--backgroundtask", "success").run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains("in use"), r::toString);
            assertTrue(r.wall().toMillis() >= 4_500, "retried for 5 s: " + r.wall());
        }
    }

    @Test
    void persistentProfileKeepsPreferencesFromRunToRun() {
        Path data = tmp.resolve("data");
        BackgroundTaskRun first = BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", data.toString());
        assertEquals(0, first.args("--backgroundtask", "not_ephemeral_profile", "test.pref", "7").run().exitCode());
        BackgroundTaskRun second = BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", data.toString());
        assertEquals(7, second.args("--backgroundtask", "not_ephemeral_profile", "test.pref", "9").run().exitCode());
        BackgroundTaskRun third = BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", data.toString());
        assertEquals(9, third.args("--backgroundtask", "not_ephemeral_profile", "test.pref", "1").run().exitCode());
        assertEquals(0, ephemeralProfilesIn(tmp).size(), "no ephemeral profile");
    }
}
