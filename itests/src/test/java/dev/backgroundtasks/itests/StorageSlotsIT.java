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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool of framework storages (docs/performance.md, "Framework storage slots"): a second run reuses
 * the slot the first one sealed, with SCR's metadata cache and no bundle data area; a killed run's slot
 * is made anew; ten concurrent runs (more than the slots) all succeed; the pool can be turned off.
 */
class StorageSlotsIT {
    @TempDir
    Path tmp;

    private Launch launch() {
        return Launch.in(Installations.BUILT).tmpdir(tmp).timeout(Duration.ofMinutes(3));
    }

    private Path runtime() {
        return tmp.resolve("runtime");
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
        Launch.Result first = launch().env("BACKGROUNDTASKS_NO_REMOVE_PROFILE", "1").args("--backgroundtask", "success").run();
        assertEquals(0, first.exitCode(), first::toString);
        assertSealed(slot(0));
        Object cache = fileKey(slot(0).resolve("felix/bundle1/bundle.info"));
        Path marker = Files.writeString(slot(0).resolve("felix/marker"), "the test's, outside any bundle folder");
        List<Path> kept = Launch.profilesIn(tmp);
        assertEquals(1, kept.size());
        for (Path p : walk(kept.get(0))) {
            assertFalse(p.toString().endsWith(".jar") || p.toString().contains("bundle.info"), "no framework storage in the profile: " + p);
        }

        Launch.Result second = launch().args("--backgroundtask", "success").run();
        assertEquals(0, second.exitCode(), second::toString);
        assertSealed(slot(0));
        assertEquals(cache, fileKey(slot(0).resolve("felix/bundle1/bundle.info")), "the bundle cache is reused");
        assertTrue(Files.exists(marker), "the storage is reused, not made anew");
        assertFalse(Files.exists(slot(1)), "one run at a time uses one slot");
    }

    @Test
    void aKilledRunLeavesASlotTheNextRunMakesAnew() throws Exception {
        assertEquals(0, launch().args("--backgroundtask", "success").run().exitCode());
        Process p = launch().args("--backgroundtask", "wait", "120").start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (Files.exists(slot(0).resolve("key"))) { // the run took the slot
                assertTrue(System.nanoTime() < deadline, "the run took the slot");
                assertTrue(p.isAlive(), "the run is alive");
                Thread.onSpinWait();
            }
            Files.writeString(slot(0).resolve("felix/marker"), "as if the killed run had left it");
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "killed");
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(slot(0).resolve("key")), "a killed run seals nothing");
        Launch.Result after = launch().args("--backgroundtask", "success").run();
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
        Launch.Result r = launch().args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().stream().noneMatch(l -> l.contains("ERROR") || l.contains("framework:")), r::toString);
        assertSealed(slot(0));
    }

    @Test
    void tenConcurrentRunsAllSucceedWithFourSlots() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Launch.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                runs.add(pool.submit(() -> launch().args("--backgroundtask", "success").run()));
            }
            for (Future<Launch.Result> f : runs) {
                Launch.Result r = f.get();
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
        assertEquals(0, Launch.profilesIn(tmp).size(), "every fresh storage went with its profile");
    }

    @Test
    void zeroSlotsTurnThePoolOff() throws Exception {
        Launch.Result r = launch().env("BACKGROUNDTASKS_STORAGE_SLOTS", "0").args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(slot(0)));
    }
}
