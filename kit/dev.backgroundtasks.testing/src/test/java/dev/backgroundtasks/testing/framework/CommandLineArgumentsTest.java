package dev.backgroundtasks.testing.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** nsICommandLine's flag methods over verbatim arguments, as contract section 2 gives them. */
class CommandLineArgumentsTest {
    @Test
    void argumentsStayVerbatim() {
        CommandLineArguments c = new CommandLineArguments(List.of("--x=1", "-Y", ""));
        assertEquals(List.of("--x=1", "-Y", ""), c.arguments());
        assertEquals(3, c.length());
        assertThrows(IndexOutOfBoundsException.class, () -> c.getArgument(3));
    }

    @Test
    void flagsMatchWithOneOrTwoDashesAndAValue() {
        CommandLineArguments c = new CommandLineArguments(List.of("-a", "--b", "-c=1", "--d=2", "e"));
        for (String flag : new String[] {"a", "b", "c", "d"}) {
            assertTrue(c.findFlag(flag, true), flag);
        }
        assertFalse(c.findFlag("e", true));
        assertFalse(c.findFlag("A", true));
        assertTrue(c.findFlag("A", false));
    }

    @Test
    void handleFlagRemovesIt() {
        CommandLineArguments c = new CommandLineArguments(List.of("x", "--quiet", "y"));
        assertTrue(c.handleFlag("quiet", true));
        assertEquals(List.of("x", "y"), c.arguments());
        assertFalse(c.handleFlag("quiet", true));
    }

    @Test
    void handleFlagWithParam() {
        CommandLineArguments c = new CommandLineArguments(List.of("--url", "http://h", "-n=3", "-e=", "-m", "-z"));
        assertEquals(Optional.of("http://h"), c.handleFlagWithParam("url", true));
        assertEquals(Optional.of("3"), c.handleFlagWithParam("n", true));
        assertEquals(Optional.of(""), c.handleFlagWithParam("e", true));
        assertThrows(IllegalArgumentException.class, () -> c.handleFlagWithParam("m", true));
        assertEquals(Optional.empty(), c.handleFlagWithParam("q", true));
        assertEquals(List.of("-m", "-z"), c.arguments());
    }

    @Test
    void removeArguments() {
        CommandLineArguments c = new CommandLineArguments(List.of("a", "b", "c", "d"));
        c.removeArguments(1, 2);
        assertEquals(List.of("a", "d"), c.arguments());
        assertThrows(IndexOutOfBoundsException.class, () -> c.removeArguments(0, 5));
    }
}
