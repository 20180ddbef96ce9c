package dev.backgroundtasks.launcher.internal.warm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** bin/backgroundtask's class-archive training goes through a warm client's handshake and leaves nothing behind. */
@EnabledOnOs(OS.LINUX)
class WarmClientTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void theTrainingHandshakeGoesThroughInTheGivenTemporaryFolderAndLeavesNothing() throws Exception {
        assertTrue(WarmClient.train(Map.of("TMPDIR", tmp.toString())));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void anUnusableTemporaryFolderOnlyMeansNoHandshake() {
        assertEquals(false, WarmClient.train(Map.of("TMPDIR", tmp.resolve("missing").toString())));
    }
}
