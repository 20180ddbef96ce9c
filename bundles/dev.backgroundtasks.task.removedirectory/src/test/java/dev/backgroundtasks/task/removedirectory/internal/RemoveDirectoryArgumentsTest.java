package dev.backgroundtasks.task.removedirectory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.api.CommandLine;

/**
 * Firefox's argument handling of removeDirectory ({@code BackgroundTask_removeDirectory.sys.mjs}): the
 * {@code --test-sleep} and {@code --metrics-id} flags anywhere, then PARENT, CHILD, SECONDS (10 when not a
 * number) and an optional suffix, anything missing or extra ending the task with 3; plus the name checks.
 */
class RemoveDirectoryArgumentsTest {
    private static RemoveDirectoryArguments parse(String... arguments) {
        return RemoveDirectoryArguments.parse(CommandLine.of(arguments), 0);
    }

    private static String reason(String... arguments) {
        return assertThrows(IllegalArgumentException.class, () -> parse(arguments)).getMessage();
    }

    @Test
    void readsParentChildSecondsAndNoSuffix() {
        RemoveDirectoryArguments a = parse("/p", "child", "5");
        assertEquals(Path.of("/p"), a.parent());
        assertEquals("child", a.childName());
        assertEquals(5, a.secondsToWait());
        assertEquals("", a.otherFoldersSuffix());
        assertEquals(OptionalInt.empty(), a.testSleepMillis());
    }

    @Test
    void theFourthArgumentIsTheSuffixAndStarIsKept() {
        assertEquals(".abc", parse("/p", "c", "1", ".abc").otherFoldersSuffix());
        assertEquals("*", parse("/p", "c", "1", "*").otherFoldersSuffix());
    }

    @Test
    void secondsAreReadLikeParseIntAndDefaultToTen() {
        assertEquals(10, parse("/p", "c", "soon").secondsToWait());
        assertEquals(10, parse("/p", "c", "").secondsToWait());
        assertEquals(7, parse("/p", "c", "7s").secondsToWait());
        assertEquals(-2, parse("/p", "c", "-2").secondsToWait());
    }

    @Test
    void fewerThanThreeArgumentsAreInsufficient() {
        assertTrue(reason().startsWith("Insufficient arguments"));
        assertTrue(reason("/p").startsWith("Insufficient arguments"));
        assertTrue(reason("/p", "c").startsWith("Insufficient arguments"));
        assertTrue(reason("/p", "c", "--test-sleep", "5").startsWith("Insufficient arguments"), "flags do not count");
    }

    @Test
    void moreThanFourArgumentsAreRefused() {
        assertTrue(reason("/p", "c", "1", ".abc", "extra").startsWith("1 unknown command args exist"));
        assertTrue(reason("/p", "c", "1", ".abc", "x", "y").startsWith("2 unknown command args exist"));
    }

    @Test
    void testSleepIsTakenFromAnywhereInEitherSpelling() {
        assertEquals(OptionalInt.of(250), parse("--test-sleep", "250", "/p", "c", "1").testSleepMillis());
        assertEquals(OptionalInt.of(250), parse("/p", "c", "1", ".abc", "--test-sleep=250").testSleepMillis());
        assertEquals(OptionalInt.of(250), parse("/p", "-TEST-SLEEP", "250", "c", "1").testSleepMillis());
        assertEquals(".abc", parse("/p", "c", "--test-sleep", "250", "1", ".abc").otherFoldersSuffix());
    }

    @Test
    void testSleepWithoutAValueIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> parse("/p", "c", "1", "--test-sleep"));
        assertThrows(IllegalArgumentException.class, () -> parse("/p", "c", "1", "--test-sleep", "-5"));
    }

    @Test
    void aTestSleepThatIsNotANumberMeansNoSleep() {
        assertEquals(OptionalInt.empty(), parse("/p", "c", "1", "--test-sleep", "later").testSleepMillis());
    }

    @Test
    void thePreferenceGivesTheSleepWhenTheFlagIsAbsent() {
        assertEquals(OptionalInt.of(300), RemoveDirectoryArguments.parse(CommandLine.of("/p", "c", "1"), 300)
                .testSleepMillis());
        assertEquals(OptionalInt.of(5), RemoveDirectoryArguments.parse(
                CommandLine.of("/p", "c", "1", "--test-sleep", "5"), 300).testSleepMillis());
        assertEquals(OptionalInt.empty(), RemoveDirectoryArguments.parse(CommandLine.of("/p", "c", "1"), 0)
                .testSleepMillis());
    }

    @Test
    void metricsIdIsConsumedAndNeedsAValue() {
        RemoveDirectoryArguments a = parse("/p", "c", "1", "--metrics-id", "HttpCache");
        assertEquals("HttpCache", a.metricsId());
        assertEquals("", a.otherFoldersSuffix());
        assertThrows(IllegalArgumentException.class, () -> parse("/p", "c", "1", "--metrics-id"));
    }

    @Test
    void theChildIsASingleNameInsideTheParent() {
        assertTrue(reason("/p", "..", "1").contains("single name"));
        assertTrue(reason("/p", ".", "1").contains("single name"));
        assertTrue(reason("/p", "a/b", "1").contains("single name"));
        assertTrue(reason("/p", "../sibling", "1").contains("single name"));
        assertTrue(reason("/p", "/etc", "1").contains("single name"));
        assertTrue(reason("/p", "a\0b", "1").contains("single name"));
        assertEquals("a..b", parse("/p", "a..b", "1").childName(), "dots inside a name stay inside the parent");
        assertEquals("with spaces", parse("/p", "with spaces", "1").childName());
    }

    @Test
    void anEmptyChildMeansOnlyTheSuffixPass() {
        assertEquals("", parse("/p", "", "1", ".abc").childName());
    }

    @Test
    void theParentMustBeAnAbsolutePath() {
        assertTrue(reason("relative/dir", "c", "1").contains("absolute"));
        assertTrue(reason("", "c", "1").contains("empty"));
    }

    @Test
    void parseIntFollowsJavaScript() {
        assertEquals(OptionalInt.of(12), RemoveDirectoryArguments.parseInt("12"));
        assertEquals(OptionalInt.of(12), RemoveDirectoryArguments.parseInt("  12abc"));
        assertEquals(OptionalInt.of(-3), RemoveDirectoryArguments.parseInt("-3"));
        assertEquals(OptionalInt.of(3), RemoveDirectoryArguments.parseInt("+3.9"));
        assertEquals(OptionalInt.of(16), RemoveDirectoryArguments.parseInt("0x10"));
        assertEquals(OptionalInt.of(Integer.MAX_VALUE), RemoveDirectoryArguments.parseInt("99999999999999"));
        assertEquals(OptionalInt.empty(), RemoveDirectoryArguments.parseInt("abc"));
        assertEquals(OptionalInt.empty(), RemoveDirectoryArguments.parseInt(""));
        assertEquals(OptionalInt.empty(), RemoveDirectoryArguments.parseInt("-"));
        assertEquals(OptionalInt.empty(), RemoveDirectoryArguments.parseInt("\u0663"), "ASCII digits only");
    }
}
