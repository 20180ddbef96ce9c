package dev.backgroundtasks.launcher.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The run a host is told to prepare for: its predecessor's arguments, on its stdin. */
class WarmHostsTest {
    @Test
    void theArgumentsComeBackAsTheyWent() {
        List<String> args = List.of("--backgroundtask", "print_args", "a b", "ü", "", "--pref", "x=1");
        assertEquals(args, WarmHosts.readExpected(new ByteArrayInputStream(WarmHosts.encode(args))));
    }

    @Test
    void nothingOrSomethingTruncatedIsNoExpectedRun() {
        assertEquals(List.of(), WarmHosts.readExpected(new ByteArrayInputStream(new byte[0])));
        byte[] whole = WarmHosts.encode(List.of("--backgroundtask", "success"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 1);
        assertEquals(List.of(), WarmHosts.readExpected(new ByteArrayInputStream(cut)));
    }

    @Test
    void argumentsTooLongAreNotHandedOn() {
        List<String> huge = List.of("--backgroundtask", "success", "x".repeat(40_000));
        assertEquals(0, WarmHosts.encode(huge).length);
        byte[] flood = new byte[40_000];
        assertEquals(List.of(), WarmHosts.readExpected(new ByteArrayInputStream(flood)));
    }
}
