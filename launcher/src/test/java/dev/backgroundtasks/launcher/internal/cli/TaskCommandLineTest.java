package dev.backgroundtasks.launcher.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The task's nsICommandLine (contract section 2). */
class TaskCommandLineTest {

    private static TaskCommandLine line(String... args) {
        return new TaskCommandLine(List.of(args));
    }

    @Test
    void argumentsStayVerbatim() {
        TaskCommandLine c = line("--x", "-y=1", "z", "--", "-X=a=b");
        assertEquals(5, c.length());
        assertEquals("--x", c.getArgument(0));
        assertEquals("-y=1", c.getArgument(1));
        assertEquals("-X=a=b", c.getArgument(4));
        assertEquals(List.of("--x", "-y=1", "z", "--", "-X=a=b"), c.arguments());
    }

    @Test
    void theLineIsACopyOfItsInput() {
        List<String> source = new ArrayList<>(List.of("a"));
        TaskCommandLine c = new TaskCommandLine(source);
        source.add("b");
        assertEquals(List.of("a"), c.arguments());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x", "--x", "-x=v", "--x=v", "-x="})
    void aFlagMatchesOneOrTwoDashesWithOrWithoutValue(String arg) {
        assertTrue(line("a", arg).findFlag("x", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "-xy", "---x", "-y", "x=-x", "-"})
    void otherArgumentsDoNotMatch(String arg) {
        assertFalse(line(arg).findFlag("x", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-X", "--X", "-X=v", "--X=v"})
    void caseSensitiveMatchingTellsCaseApart(String arg) {
        assertFalse(line(arg).findFlag("x", true));
        assertTrue(line(arg).findFlag("X", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-X", "--X", "-X=v", "--X=v"})
    void caseInsensitiveMatchingIgnoresCase(String arg) {
        assertTrue(line(arg).findFlag("x", false));
    }

    @Test
    void findFlagRemovesNothing() {
        TaskCommandLine c = line("-x", "a");
        c.findFlag("x", true);
        assertEquals(List.of("-x", "a"), c.arguments());
    }

    @Test
    void handleFlagRemovesTheFirstMatchOnly() {
        TaskCommandLine c = line("a", "--x", "b", "-x");
        assertTrue(c.handleFlag("x", true));
        assertEquals(List.of("a", "b", "-x"), c.arguments());
    }

    @Test
    void handleFlagOfAnAbsentFlagChangesNothing() {
        TaskCommandLine c = line("a", "-y");
        assertFalse(c.handleFlag("x", false));
        assertEquals(List.of("a", "-y"), c.arguments());
    }

    @Test
    void handleFlagIgnoringCase() {
        TaskCommandLine c = line("--Verbose", "a");
        assertFalse(c.handleFlag("verbose", true));
        assertTrue(c.handleFlag("verbose", false));
        assertEquals(List.of("a"), c.arguments());
    }

    @Test
    void handleFlagWithParamTakesTheNextArgumentAndRemovesBoth() {
        TaskCommandLine c = line("a", "-x", "v", "b");
        assertEquals(Optional.of("v"), c.handleFlagWithParam("x", true));
        assertEquals(List.of("a", "b"), c.arguments());
    }

    @Test
    void handleFlagWithParamTakesTheValueAfterEquals() {
        TaskCommandLine c = line("a", "--x=v=w", "b");
        assertEquals(Optional.of("v=w"), c.handleFlagWithParam("x", true));
        assertEquals(List.of("a", "b"), c.arguments());
    }

    @Test
    void anEmptyValueAfterEqualsIsTheEmptyString() {
        TaskCommandLine c = line("-x=", "b");
        assertEquals(Optional.of(""), c.handleFlagWithParam("x", true));
        assertEquals(List.of("b"), c.arguments());
    }

    @Test
    void handleFlagWithParamOfAnAbsentFlagIsEmpty() {
        TaskCommandLine c = line("a", "-y", "v");
        assertEquals(Optional.empty(), c.handleFlagWithParam("x", true));
        assertEquals(List.of("a", "-y", "v"), c.arguments());
    }

    @Test
    void handleFlagWithParamIgnoringCase() {
        TaskCommandLine c = line("-X", "v");
        assertEquals(Optional.empty(), c.handleFlagWithParam("x", true));
        assertEquals(Optional.of("v"), c.handleFlagWithParam("x", false));
    }

    @Test
    void aMissingValueIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> line("a", "-x").handleFlagWithParam("x", true));
    }

    @Test
    void aValueStartingWithADashIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> line("-x", "-y").handleFlagWithParam("x", true));
        assertThrows(IllegalArgumentException.class, () -> line("-x", "--").handleFlagWithParam("x", true));
    }

    @Test
    void removeArgumentsIncludesTheEnd() {
        TaskCommandLine c = line("a", "b", "c", "d");
        c.removeArguments(1, 2);
        assertEquals(List.of("a", "d"), c.arguments());
        c.removeArguments(0, 0);
        assertEquals(List.of("d"), c.arguments());
    }

    @Test
    void removeArgumentsOutsideTheLineIsOutOfBounds() {
        TaskCommandLine c = line("a", "b");
        assertThrows(IndexOutOfBoundsException.class, () -> c.removeArguments(1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> c.removeArguments(-1, 0));
        assertEquals(List.of("a", "b"), c.arguments());
    }

    @Test
    void getArgumentOutsideTheLineIsOutOfBounds() {
        TaskCommandLine c = line("a", "b");
        assertThrows(IndexOutOfBoundsException.class, () -> c.getArgument(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.getArgument(2));
        assertThrows(IndexOutOfBoundsException.class, () -> line().getArgument(0));
    }

    @Test
    void argumentsIsUnmodifiable() {
        TaskCommandLine c = line("a");
        assertThrows(UnsupportedOperationException.class, () -> c.arguments().add("b"));
        assertThrows(UnsupportedOperationException.class, () -> c.arguments().remove(0));
    }

    @Test
    void argumentsIsASnapshot() {
        TaskCommandLine c = line("-x", "a");
        List<String> before = c.arguments();
        c.handleFlag("x", true);
        assertEquals(List.of("-x", "a"), before);
        assertEquals(List.of("a"), c.arguments());
        assertEquals(1, c.length());
    }
}
