package dev.backgroundtasks.task.removeprofilefiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** removeProfileFiles ROOT LOCAL LOCK_TIMEOUT_SEC: exactly three arguments, a whole number of seconds. */
class ProfileRemovalArgumentsTest {
    private static String reason(String... arguments) {
        return assertThrows(IllegalArgumentException.class, () -> ProfileRemovalArguments.parse(List.of(arguments)))
                .getMessage();
    }

    @Test
    void readsRootLocalAndTimeout() {
        ProfileRemovalArguments a = ProfileRemovalArguments.parse(List.of("/p/root", "/c/local", "180"));
        assertEquals(Path.of("/p/root"), a.root());
        assertEquals(Path.of("/c/local"), a.local());
        assertEquals(180, a.lockTimeoutSeconds());
    }

    @Test
    void relativeDirectoriesAreTakenFromTheWorkingDirectoryAsFirefoxResolveFileDoes() {
        ProfileRemovalArguments a = ProfileRemovalArguments.parse(List.of("root", "local", "0"));
        assertEquals(Path.of("").toAbsolutePath().resolve("root"), a.root());
        assertTrue(a.local().isAbsolute());
    }

    @Test
    void anythingButThreeArgumentsIsRefused() {
        assertTrue(reason().contains("expected 3 arguments"));
        assertTrue(reason("/r", "/l").contains("expected 3 arguments"));
        assertTrue(reason("/home/u/my", "profile", "/l", "10").contains("expected 3 arguments"),
                "a path split at a space must not become other directories");
    }

    @Test
    void theTimeoutIsAWholeNumberOfSeconds() {
        assertTrue(reason("/r", "/l", "soon").contains("LOCK_TIMEOUT_SEC"));
        assertTrue(reason("/r", "/l", "-1").contains("LOCK_TIMEOUT_SEC"));
        assertTrue(reason("/r", "/l", "1.5").contains("LOCK_TIMEOUT_SEC"));
        assertTrue(reason("/r", "/l", "").contains("LOCK_TIMEOUT_SEC"));
        assertEquals(0, ProfileRemovalArguments.parse(List.of("/r", "/l", "0")).lockTimeoutSeconds());
    }

    @Test
    void emptyDirectoriesAreRefused() {
        assertTrue(reason("", "/l", "1").contains("ROOT is empty"));
        assertTrue(reason("/r", "", "1").contains("LOCAL is empty"));
    }
}
