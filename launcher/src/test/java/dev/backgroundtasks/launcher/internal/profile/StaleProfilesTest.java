package dev.backgroundtasks.launcher.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.launcher.internal.output.Console;

/** docs/reference/profiles.md: purging stale ephemeral profiles of one installation and task. */
class StaleProfilesTest {
    private static final String PREFIX = "BackgroundTask-0123456789abcdef-wait";
    private static final long HOUR_MS = 3_600_000;

    @TempDir
    Path temp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private Optional<Long> threshold(String setting) {
        return StaleProfiles.threshold(setting, console);
    }

    private String warnings() {
        console.release(false);
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A profile directory with a file in it, last modified ageMs ago. */
    private Path profile(String name, long ageMs) throws Exception {
        Path dir = Files.createDirectory(temp.resolve(name));
        Files.writeString(dir.resolve("prefs.properties"), "a=1");
        Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis() - ageMs));
        return dir;
    }

    private Set<String> remaining() throws Exception {
        try (Stream<Path> entries = Files.list(temp)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void unsetMeansSixtySeconds() {
        assertEquals(Optional.of(60_000L), threshold(null));
        assertEquals("", warnings());
    }

    @Test
    void emptyMeansSixtySeconds() {
        assertEquals(Optional.of(60_000L), threshold(""));
        assertEquals("", warnings());
    }

    @Test
    void neverMeansNoPurge() {
        assertEquals(Optional.empty(), threshold("never"));
        assertEquals("", warnings());
    }

    @Test
    void alwaysMeansZero() {
        assertEquals(Optional.of(0L), threshold("always"));
        assertEquals("", warnings());
    }

    @Test
    void aNumberIsMilliseconds() {
        assertEquals(Optional.of(123L), threshold("123"));
        assertEquals(Optional.of(0L), threshold("0"));
        assertEquals("", warnings());
    }

    @Test
    void aNegativeNumberWarnsAndUsesTheDefault() {
        assertEquals(Optional.of(60_000L), threshold("-5"));
        assertTrue(warnings().contains("-5"));
    }

    @Test
    void anythingElseWarnsAndUsesTheDefault() {
        assertEquals(Optional.of(60_000L), threshold("abc"));
        assertTrue(warnings().contains("abc"));
    }

    @Test
    void onlyThePrefixAndPrefixDotDigitsArePurged() throws Exception {
        profile(PREFIX, HOUR_MS);
        profile(PREFIX + ".1", HOUR_MS);
        profile(PREFIX + ".42", HOUR_MS);
        profile(PREFIX + "2", HOUR_MS);                  // task wait2
        profile(PREFIX + "-x", HOUR_MS);                 // task wait-x
        profile(PREFIX + ".1a", HOUR_MS);
        profile(PREFIX + ".", HOUR_MS);
        profile("BackgroundTask-fedcba9876543210-wait", HOUR_MS);   // another installation
        Files.writeString(temp.resolve(PREFIX + ".7"), "a file, not a profile");
        List<Path> removed = StaleProfiles.purge(temp, PREFIX, 60_000);
        assertEquals(Set.of(temp.resolve(PREFIX), temp.resolve(PREFIX + ".1"), temp.resolve(PREFIX + ".42")),
                Set.copyOf(removed));
        assertEquals(new TreeSet<>(Set.of(PREFIX + "2", PREFIX + "-x", PREFIX + ".1a", PREFIX + ".",
                "BackgroundTask-fedcba9876543210-wait", PREFIX + ".7")), remaining());
    }

    @Test
    void profilesYoungerThanTheThresholdStay() throws Exception {
        profile(PREFIX, 0);
        profile(PREFIX + ".1", HOUR_MS);
        assertEquals(List.of(temp.resolve(PREFIX + ".1")), StaleProfiles.purge(temp, PREFIX, 60_000));
        assertEquals(Set.of(PREFIX), remaining());
    }

    @Test
    void aZeroThresholdPurgesEvenNewProfiles() throws Exception {
        profile(PREFIX, 0);
        assertEquals(List.of(temp.resolve(PREFIX)), StaleProfiles.purge(temp, PREFIX, 0));
        assertEquals(Set.of(), remaining());
    }

    @Test
    void atMostFiveArePurgedPerRun() throws Exception {
        for (int i = 0; i < 7; i++) {
            profile(i == 0 ? PREFIX : PREFIX + "." + i, HOUR_MS);
        }
        assertEquals(5, StaleProfiles.purge(temp, PREFIX, 60_000).size());
        assertEquals(2, remaining().size());
        assertEquals(2, StaleProfiles.purge(temp, PREFIX, 60_000).size());
        assertEquals(Set.of(), remaining());
    }

    @Test
    void aLockedProfileStays() throws Exception {
        Path locked = profile(PREFIX + ".1", HOUR_MS);
        profile(PREFIX, HOUR_MS);
        profile(PREFIX + ".2", HOUR_MS);
        try (ProfileLock lock = ProfileLock.tryAcquire(locked).orElseThrow()) {
            Files.setLastModifiedTime(locked, FileTime.fromMillis(System.currentTimeMillis() - HOUR_MS));
            List<Path> removed = StaleProfiles.purge(temp, PREFIX, 60_000);
            assertEquals(Set.of(temp.resolve(PREFIX), temp.resolve(PREFIX + ".2")), Set.copyOf(removed));
            assertTrue(Files.isRegularFile(locked.resolve("prefs.properties")));
        }
    }

    @Test
    void aLinkIsNeverFollowed() throws Exception {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "x");
        Path link = Files.createSymbolicLink(temp.resolve(PREFIX + ".3"), outside);
        StaleProfiles.purge(temp, PREFIX, 0);
        assertTrue(Files.isRegularFile(outside.resolve("precious")));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aMissingTempRootPurgesNothing() {
        assertEquals(List.of(), StaleProfiles.purge(temp.resolve("absent"), PREFIX, 0));
    }

    @Test
    void aPurgedProfileIsRemovedWithItsContents() throws Exception {
        Path dir = profile(PREFIX, HOUR_MS);
        Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("c"), "x");
        Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis() - HOUR_MS));
        StaleProfiles.purge(temp, PREFIX, 60_000);
        assertFalse(Files.exists(dir));
    }
}
