package dev.backgroundtasks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exit codes are a public API: their values never change. */
class ExitCodeTest {
    @Test
    void valuesArePinned() {
        assertEquals(0, ExitCode.SUCCESS);
        assertEquals(1, ExitCode.FAILURE);
        assertEquals(2, ExitCode.NOT_FOUND);
        assertEquals(3, ExitCode.EXCEPTION);
        assertEquals(4, ExitCode.TIMEOUT);
        assertEquals(5, ExitCode.LOAD_FAILED);
        assertEquals(6, ExitCode.ALREADY_RUNNING);
        assertEquals(7, ExitCode.USAGE);
        assertEquals(10, ExitCode.LAST_RESERVED);
    }
}
