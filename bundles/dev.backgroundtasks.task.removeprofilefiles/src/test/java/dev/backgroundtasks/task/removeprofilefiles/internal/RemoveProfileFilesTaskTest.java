package dev.backgroundtasks.task.removeprofilefiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.testing.unit.TestTaskContext;

/** The component: arguments in, the removal on a worker thread, exit code out. */
class RemoveProfileFilesTaskTest {
    @TempDir
    Path tmp;

    @Test
    void removesBothDirectoriesOffTheCallingThread() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/sub"));
        Path local = Files.createDirectories(tmp.resolve("local/sub"));
        TestTaskContext context = new TestTaskContext("removeProfileFiles", root.getParent().toString(),
                local.getParent().toString(), "0");
        int code = new RemoveProfileFilesTask().run(context).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(ExitCode.SUCCESS, code);
        assertFalse(Files.exists(tmp.resolve("root")));
        assertFalse(Files.exists(tmp.resolve("local")));
        assertEquals(1, context.blockerNames().size());
    }

    @Test
    void badArgumentsEndWithThreeAndTouchNothing() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (String[] arguments : new String[][] {{}, {root.toString(), root.toString()},
                {root.toString(), root.toString(), "soon"}, {root.toString(), root.toString(), "1", "extra"}}) {
            int code = new RemoveProfileFilesTask().run(new TestTaskContext("removeProfileFiles", arguments))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(ExitCode.EXCEPTION, code, String.join(" ", arguments));
        }
        assertTrue(Files.isDirectory(root));
    }
}
