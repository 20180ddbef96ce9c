package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;

/**
 * The pool of framework storages (docs/performance.md, "Framework storage slots"): a second run reuses
 * the slot the first one sealed, with SCR's metadata cache and no bundle data area; a killed run's slot
 * is made anew; ten concurrent runs (more than the slots) all succeed; the pool can be turned off.
 */
class StorageSlotsIT extends InstallationPerTest {
    @TempDir
    Path tmp;

    private BackgroundTaskRun launch() {
        return BackgroundTaskRun.launcher().in(inst).tmpdir(tmp).timeout(Duration.ofMinutes(3));
    }

    private Path runtime() {
        return inst.runtimeDirectory();
    }

    private Path slot(int i) {
        return runtime().resolve("storage-slot-" + i);
    }

    private static List<Path> walk(Path root) {
        try (var s = Files.walk(root)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sealed slot: its key, SCR's cache, and not one other file in any bundle's data area. */
    private void assertSealed(Path slot) throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(slot)));
        assertTrue(Files.isRegularFile(slot.resolve("key")), "sealed: " + walk(slot));
        List<Path> scrCaches = new ArrayList<>();
        for (Path p : walk(slot.resolve("felix"))) {
            Path rel = slot.resolve("felix").relativize(p);
            if (rel.getNameCount() >= 3 && rel.getName(1).toString().equals("data")) {
                assertEquals("componentMetadataStore", rel.getFileName().toString(), "only SCR's cache in a data area: " + rel);
                scrCaches.add(p);
            }
            assertFalse(p.toString().endsWith(".jar"), "no jar copied into the slot: " + rel);
        }
        assertEquals(1, scrCaches.size(), "SCR's metadata cache is kept: " + walk(slot));
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    @Test
    void aSecondRunReusesTheSealedSlotAndTheProfileHoldsNoStorage() throws Exception {
        BackgroundTaskResult first = launch().env("BACKGROUNDTASKS_NO_REMOVE_PROFILE", "1").args("--backgroundtask", "success").run();
        assertEquals(0, first.exitCode(), first::toString);
        assertSealed(slot(0));
        Object cache = fileKey(slot(0).resolve("felix/bundle1/bundle.info"));
        Path marker = Files.writeString(slot(0).resolve("felix/marker"), "the test's, outside any bundle folder");
        List<Path> kept = BackgroundTaskResult.ephemeralProfilesIn(tmp);
        assertEquals(1, kept.size());
        for (Path p : walk(kept.get(0))) {
            assertFalse(p.toString().endsWith(".jar") || p.toString().contains("bundle.info"), "no framework storage in the profile: " + p);
        }

        BackgroundTaskResult second = launch().args("--backgroundtask", "success").run();
        assertEquals(0, second.exitCode(), second::toString);
        assertSealed(slot(0));
        assertEquals(cache, fileKey(slot(0).resolve("felix/bundle1/bundle.info")), "the bundle cache is reused");
        assertTrue(Files.exists(marker), "the storage is reused, not made anew");
        assertFalse(Files.exists(slot(1)), "one run at a time uses one slot");
    }

    @Test
    void aKilledRunLeavesASlotTheNextRunMakesAnew() throws Exception {
        assertEquals(0, launch().args("--backgroundtask", "success").run().exitCode());
        try (RunningTask p = launch().args("--backgroundtask", "wait", "120").start()) {
            Awaitility.await("the run took the slot").atMost(Duration.ofSeconds(60))
                    .until(() -> !Files.exists(slot(0).resolve("key")) || !p.isAlive());
            assertTrue(p.isAlive(), p::toString);
            Files.writeString(slot(0).resolve("felix/marker"), "as if the killed run had left it");
            p.kill();
            Awaitility.await("killed").atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive());
        }
        assertFalse(Files.exists(slot(0).resolve("key")), "a killed run seals nothing");
        BackgroundTaskResult after = launch().args("--backgroundtask", "success").run();
        assertEquals(0, after.exitCode(), after::toString);
        assertSealed(slot(0));
        assertFalse(Files.exists(slot(0).resolve("felix/marker")), "the unsealed slot was made anew");
    }

    @Test
    void aDamagedSlotIsRepairedAndTheRunSucceedsSilently() throws Exception {
        assertEquals(0, launch().args("--backgroundtask", "success").run().exitCode());
        for (Path p : walk(slot(0).resolve("felix"))) {
            String name = p.getFileName().toString();
            if (name.equals("bundle.info") || name.equals("componentMetadataStore")) {
                Files.write(p, new byte[] {(byte) 0xff, 0x00, 'x', (byte) 0xfe});
            }
        }
        BackgroundTaskResult r = launch().args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().stream().noneMatch(l -> l.contains("ERROR") || l.contains("framework:")), r::toString);
        assertSealed(slot(0));
    }

    @Test
    void tenConcurrentRunsAllSucceedWithFourSlots() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<BackgroundTaskResult>> runs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                runs.add(pool.submit(() -> launch().args("--backgroundtask", "success").run()));
            }
            for (Future<BackgroundTaskResult> f : runs) {
                BackgroundTaskResult r = f.get();
                assertEquals(0, r.exitCode(), r::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Files.exists(slot(4)), "four slots at most");
        for (int i = 0; i < 4; i++) {
            if (Files.exists(slot(i))) {
                assertSealed(slot(i));
            }
        }
        assertEquals(0, BackgroundTaskResult.ephemeralProfilesIn(tmp).size(), "every fresh storage went with its profile");
    }

    @Test
    void zeroSlotsTurnThePoolOff() throws Exception {
        BackgroundTaskResult r = launch().env("BACKGROUNDTASKS_STORAGE_SLOTS", "0").args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(slot(0)));
    }
}
