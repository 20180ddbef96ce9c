package dev.backgroundtasks.testing;

import static dev.backgroundtasks.testing.ExitCodesIT.BANNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Standard output and error: captured line by line, streamed while the run goes on, silenced for no-output tasks. */
@WithInstallation(testingTasks = true)
class OutputIT {
    /** The test-only tasks finish at once: no need to hold each run for the default 500 ms. */
    @BeforeAll
    static void noMinimumRuntime(TaskInstallation installation) {
        installation.pref("toolkit.backgroundtasks.defaultMinTaskRuntimeMS", 0);
    }

    @Test
    void stdoutLinesInOrderWithArgumentsVerbatim() {
        BackgroundTaskResult result = BackgroundTaskRun.task("print_args")
                .args("one", "two words", "ünïcödé", "")
                .run().assertExitCode(0);
        assertEquals(List.of("arg[0]=one", "arg[1]=two words", "arg[2]=ünïcödé", "arg[3]="), result.stdout());
    }

    @Test
    void theBannerComesOnStderr() {
        BackgroundTaskResult result = BackgroundTaskRun.task("success").run().assertExitCode(0);
        assertEquals(BANNER, result.stderr().get(0), result::toString);
        assertEquals(List.of(), result.stdout());
    }

    @Test
    void launcherOptionsAfterTheNameAreTheLaunchersUnlessAfterDoubleDash() {
        BackgroundTaskResult result = BackgroundTaskRun.task("print_args")
                .args("a", "--pref", "x=y", "--", "--pref", "verbatim")
                .run().assertExitCode(0);
        assertEquals(List.of("arg[0]=a", "arg[1]=--pref", "arg[2]=verbatim"), result.stdout());
    }

    @Test
    void linesAreStreamedToTheListenerAsTheyCome() {
        List<String> streamed = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        BackgroundTaskResult result = BackgroundTaskRun.task("print_args").args("1", "2", "3")
                .onStdoutLine(line -> {
                    streamed.add(line);
                    threads.add(Thread.currentThread());
                })
                .run().assertExitCode(0);
        assertEquals(result.stdout(), streamed);
        assertTrue(threads.stream().noneMatch(t -> t == Thread.currentThread()), "a harness thread, not the test's");
    }

    @Test
    void aFailedAssertionInAListenerFailsTheRun() {
        AssertionError failure = new AssertionError("no line may say arg[1]");
        AssertionError thrown = assertThrows(AssertionError.class, () -> BackgroundTaskRun.task("print_args")
                .args("a", "b")
                .onStdoutLine(line -> {
                    if (line.startsWith("arg[1]")) {
                        throw failure;
                    }
                })
                .run());
        assertSame(failure, thrown);
    }

    @Test
    void aNoOutputTaskPrintsNothing() {
        BackgroundTaskResult result = BackgroundTaskRun.task("no_output").run().assertExitCode(0);
        assertEquals(List.of(), result.stdout(), result::toString);
        assertEquals(List.of(), result.stderr(), result::toString);
    }

    @Test
    void aNoOutputTaskPrintsWithAttachConsole() {
        BackgroundTaskResult result = BackgroundTaskRun.task("no_output").attachConsole().run().assertExitCode(0);
        assertEquals(List.of("no_output: a line on stdout"), result.stdout(), result::toString);
        assertTrue(result.stderr().contains("no_output: a line on stderr"), result::toString);
    }

    @Test
    void launcherWithoutATask() {
        BackgroundTaskResult result = BackgroundTaskRun.launcher("--list-tasks").testingTasks().run().assertExitCode(0);
        assertTrue(result.stdout().stream().anyMatch(line -> line.startsWith("success\ttesting\t")), result::toString);
        BackgroundTaskRun.launcher("--version").run().assertExitCode(0);
    }
}
