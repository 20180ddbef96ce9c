package dev.backgroundtasks.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(143, ExitCode.SIGTERM);
    }

    @Test
    void namesFollowTheHistoryRule() {
        assertEquals("SUCCESS", ExitCode.name(ExitCode.SUCCESS));
        assertEquals("FAILURE", ExitCode.name(ExitCode.FAILURE));
        assertEquals("NOT_FOUND", ExitCode.name(ExitCode.NOT_FOUND));
        assertEquals("EXCEPTION", ExitCode.name(ExitCode.EXCEPTION));
        assertEquals("TIMEOUT", ExitCode.name(ExitCode.TIMEOUT));
        assertEquals("LOAD_FAILED", ExitCode.name(ExitCode.LOAD_FAILED));
        assertEquals("ALREADY_RUNNING", ExitCode.name(ExitCode.ALREADY_RUNNING));
        assertEquals("USAGE", ExitCode.name(ExitCode.USAGE));
        assertEquals("OTHER", ExitCode.name(8));
        assertEquals("OTHER", ExitCode.name(10));
        assertEquals("TASK", ExitCode.name(11));
        assertEquals("TASK", ExitCode.name(125));
        assertEquals("OTHER", ExitCode.name(126));
        assertEquals("SIGNAL", ExitCode.name(129));
        assertEquals("SIGNAL", ExitCode.name(130));
        assertEquals("SIGNAL", ExitCode.name(143));
        assertEquals("OTHER", ExitCode.name(137));
        assertEquals("OTHER", ExitCode.name(-1));
    }

    @Test
    void retryPolicy() {
        assertArrayEquals(new int[] {2, 5, 6, 7}, ExitCode.neverRetryable());
        for (int code : new int[] {1, 3, 4, 11, 125, 129, 130, 143, 137}) {
            assertTrue(ExitCode.isRetryable(code), "retryable " + code);
        }
        for (int code : new int[] {0, 2, 5, 6, 7}) {
            assertFalse(ExitCode.isRetryable(code), "not retryable " + code);
        }
        ExitCode.neverRetryable()[0] = 99;
        assertEquals(ExitCode.NOT_FOUND, ExitCode.neverRetryable()[0]);
    }
}
