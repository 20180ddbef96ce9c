package dev.backgroundtasks.launcher.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest.Action;

/** The launcher's command line (docs/reference/command-line.md). */
class LauncherCommandLineTest {

    private static LaunchRequest parse(String... args) throws UsageException {
        return LauncherCommandLine.parse(args);
    }

    private static UsageException usage(String... args) {
        return assertThrows(UsageException.class, () -> LauncherCommandLine.parse(args));
    }

    @Test
    void twoDashesRunTheTask() throws Exception {
        LaunchRequest r = parse("--backgroundtask", "wait");
        assertEquals(Action.RUN_TASK, r.action());
        assertEquals("wait", r.taskName());
        assertEquals(List.of(), r.taskArguments());
    }

    @Test
    void oneDashIsTheSameOption() throws Exception {
        LaunchRequest r = parse("-backgroundtask", "wait");
        assertEquals(Action.RUN_TASK, r.action());
        assertEquals("wait", r.taskName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--BackgroundTask", "-BACKGROUNDTASK", "--backgroundTASK"})
    void optionNamesAreCaseInsensitive(String option) throws Exception {
        assertEquals("wait", parse(option, "wait").taskName());
    }

    @Test
    void otherOptionNamesAreCaseInsensitiveToo() throws Exception {
        LaunchRequest r = parse("--Attach-Console", "-PROFILE", "/p", "--backgroundtask", "t");
        assertTrue(r.attachConsole());
        assertEquals("/p", r.profile());
    }

    @Test
    void theNameIsKeptWithItsCase() throws Exception {
        assertEquals("WaIt", parse("--backgroundtask", "WaIt").taskName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A-z_0-9", "0", "_-"})
    void namesInThePatternAreAccepted(String name) throws Exception {
        assertEquals(name, parse("--backgroundtask", name).taskName());
    }

    @Test
    void aNameOf64CharactersIsAccepted() throws Exception {
        String name = "a".repeat(64);
        assertEquals(name, parse("--backgroundtask", name).taskName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a b", "caf\u00e9", "a/b", ""})
    void namesOutsideThePatternAreUsageErrors(String name) {
        usage("--backgroundtask=" + name);
    }

    @Test
    void aNameOf65CharactersIsAUsageError() {
        usage("--backgroundtask", "a".repeat(65));
    }

    @Test
    void aNameStartingWithADashIsAUsageError() {
        usage("--backgroundtask=-wait");
    }

    @Test
    void aDashedWordAfterTheOptionIsNotTakenAsTheName() {
        usage("--backgroundtask", "-wait");
    }

    @Test
    void aMissingNameIsAUsageError() {
        usage("--backgroundtask");
    }

    @Test
    void aSecondBackgroundtaskIsAUsageError() {
        usage("--backgroundtask", "a", "--backgroundtask", "b");
        usage("--backgroundtask", "a", "-BACKGROUNDTASK=a");
    }

    @Test
    void anUnknownOptionBeforeTheNameIsAUsageError() {
        usage("--bogus", "--backgroundtask", "wait");
    }

    @Test
    void anUnknownOptionWithoutTaskIsAUsageError() {
        usage("--bogus");
    }

    @Test
    void aStrayWordBeforeTheNameIsAUsageError() {
        usage("stray", "--backgroundtask", "wait");
    }

    @Test
    void aStrayWordWithoutTaskIsAUsageError() {
        usage("stray");
    }

    @Test
    void launcherOptionsBeforeTheNameAreConsumed() throws Exception {
        LaunchRequest r = parse("--attach-console", "--pref", "a=1", "--backgroundtask", "t", "x");
        assertTrue(r.attachConsole());
        assertEquals(Map.of("a", "1"), r.prefs());
        assertEquals(List.of("x"), r.taskArguments());
    }

    @Test
    void launcherOptionsAfterTheNameAreConsumedAndTheRestGoesToTheTaskInOrder() throws Exception {
        LaunchRequest r = parse("--backgroundtask", "t", "x", "--attach-console", "-y", "--profile", "/p",
                "--z=1", "w", "--pref=a=b", "-");
        assertEquals(List.of("x", "-y", "--z=1", "w", "-"), r.taskArguments());
        assertTrue(r.attachConsole());
        assertEquals("/p", r.profile());
        assertEquals(Map.of("a", "b"), r.prefs());
    }

    @Test
    void versionAfterTheNameIsTheLaunchersOption() throws Exception {
        // a task receives -v only after --
        assertEquals(Action.VERSION, parse("--backgroundtask", "t", "-v").action());
    }

    @Test
    void doubleDashPassesEverythingAfterItVerbatim() throws Exception {
        LaunchRequest r = parse("--backgroundtask", "t", "a", "--", "--pref", "x=y", "-v", "--help",
                "--backgroundtask", "u", "--", "--profile=/p", "--attach-console");
        assertEquals(Action.RUN_TASK, r.action());
        assertEquals("t", r.taskName());
        assertEquals(List.of("a", "--pref", "x=y", "-v", "--help", "--backgroundtask", "u", "--", "--profile=/p",
                "--attach-console"), r.taskArguments());
        assertEquals(Map.of(), r.prefs());
        assertNull(r.profile());
        assertFalse(r.attachConsole());
    }

    @Test
    void doubleDashWithoutTaskIsAUsageError() {
        usage("--", "x");
    }

    @Test
    void aValueComesAsTheNextArgument() throws Exception {
        assertEquals("/some/dir", parse("--profile", "/some/dir").profile());
    }

    @Test
    void aValueComesAfterEquals() throws Exception {
        assertEquals("/some/dir", parse("--profile=/some/dir").profile());
        assertEquals("wait", parse("-backgroundtask=wait").taskName());
    }

    @Test
    void aRequiredValueMissingAtTheEndIsAUsageError() {
        usage("--backgroundtask", "t", "--profile");
    }

    @Test
    void aRequiredValueIsNotTakenFromAnOption() {
        usage("--profile", "--backgroundtask", "t");
    }

    @Test
    void anEmptyProfileIsAUsageError() {
        usage("--profile=");
    }

    @Test
    void prefsAreNameEqualsValueAndRepeatable() throws Exception {
        LaunchRequest r = parse("--pref", "b=2", "--pref=a=x=y", "-PREF", "c=", "--backgroundtask", "t");
        assertEquals(List.of("b", "a", "c"), List.copyOf(r.prefs().keySet()));
        assertEquals("2", r.prefs().get("b"));
        assertEquals("x=y", r.prefs().get("a"));
        assertEquals("", r.prefs().get("c"));
    }

    @Test
    void aLaterPrefOfTheSameNameWins() throws Exception {
        assertEquals(Map.of("a", "2"), parse("--pref", "a=1", "--pref", "a=2").prefs());
    }

    @Test
    void aPrefWithoutEqualsIsAUsageError() {
        usage("--backgroundtask", "t", "--pref", "novalue");
    }

    @Test
    void aPrefWithoutNameIsAUsageError() {
        usage("--pref==v");
    }

    @Test
    void aPrefWithoutAnyValueIsAUsageError() {
        usage("--backgroundtask", "t", "--pref");
    }

    @Test
    void debuggerWithoutValueUsesAFreePort() throws Exception {
        LaunchRequest r = parse("--backgroundtask", "t", "--debugger");
        assertEquals(0, r.debuggerPort());
        assertTrue(r.debugger());
    }

    @Test
    void debuggerTakesItsPortOnlyAfterEquals() throws Exception {
        LaunchRequest r = parse("--backgroundtask", "t", "--debugger", "5005");
        assertEquals(0, r.debuggerPort());
        assertEquals(List.of("5005"), r.taskArguments());
        assertEquals(5005, parse("--backgroundtask", "t", "--debugger=5005").debuggerPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--debugger=x", "--debugger=-1", "--debugger=65536"})
    void aMalformedDebuggerPortIsAUsageError(String option) {
        usage("--backgroundtask", "t", option);
    }

    @Test
    void noDebuggerByDefault() throws Exception {
        LaunchRequest r = parse("--backgroundtask", "t");
        assertNull(r.debuggerPort());
        assertFalse(r.debugger());
        assertFalse(r.detach());
        assertFalse(r.attachConsole());
        assertFalse(r.testShouldNotProcessUpdates());
    }

    @Test
    void waitForDebuggerAsksForTheDebugger() throws Exception {
        LaunchRequest r = parse("--backgroundtask", "t", "--wait-for-debugger");
        assertTrue(r.waitForDebugger());
        assertTrue(r.debugger());
    }

    @Test
    void anOptionWithoutValueTakesNoValue() {
        usage("--backgroundtask", "t", "--attach-console=yes");
    }

    @Test
    void detachWithATask() throws Exception {
        assertTrue(parse("--detach", "--backgroundtask", "t").detach());
    }

    @Test
    void detachWithoutTaskIsAUsageError() {
        usage("--detach");
    }

    @Test
    void theTestHookIsRecognised() throws Exception {
        assertTrue(parse("--backgroundtask", "t", "--test-should-not-process-updates").testShouldNotProcessUpdates());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "-H", "-help", "--HELP"})
    void helpIsRecognised(String option) throws Exception {
        assertEquals(Action.HELP, parse(option).action());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-v", "-V", "-version"})
    void versionIsRecognised(String option) throws Exception {
        assertEquals(Action.VERSION, parse(option).action());
    }

    @Test
    void helpWinsOverErrorsAndEverythingElse() throws Exception {
        assertEquals(Action.HELP, parse("--bogus", "stray", "--backgroundtask", "t", "--help", "--version").action());
        assertEquals(Action.HELP, parse("--detach", "-h").action());
        assertEquals(Action.HELP, parse("--list-tasks", "--pref", "novalue", "-h").action());
    }

    @Test
    void versionWinsOverEverythingElse() throws Exception {
        assertEquals(Action.VERSION, parse("--backgroundtask", "t", "-v").action());
        assertEquals(Action.VERSION, parse("--list-tasks", "--version").action());
    }

    /** Unlike --help, --version beside a line that does not parse is a usage error (exit 7), not success. */
    @Test
    void versionBesideAnErrorIsAUsageError() {
        assertEquals("unknown option '--frobnicate'", usage("--version", "--frobnicate").getMessage());
        assertEquals("unknown option '--bogus'", usage("--bogus", "--backgroundtask", "t", "-v").getMessage());
    }

    @Test
    void noArgumentsIsNormalMode() throws Exception {
        LaunchRequest r = parse();
        assertEquals(Action.NORMAL, r.action());
        assertNull(r.taskName());
        assertEquals(List.of(), r.taskArguments());
    }

    @Test
    void normalModeTakesProfileAndPrefs() throws Exception {
        LaunchRequest r = parse("--profile", "/p", "--pref", "a=1");
        assertEquals(Action.NORMAL, r.action());
        assertEquals("/p", r.profile());
        assertEquals(Map.of("a", "1"), r.prefs());
    }

    @Test
    void listTasks() throws Exception {
        assertEquals(Action.LIST_TASKS, parse("--list-tasks").action());
        assertEquals(Action.LIST_TASKS, parse("-LIST-TASKS").action());
    }

    @Test
    void listTasksWithAnErrorIsAUsageError() {
        usage("--list-tasks", "--bogus");
    }

    @Test
    void theRequestIsUnmodifiable() throws Exception {
        LaunchRequest r = parse("--pref", "a=1", "--backgroundtask", "t", "x");
        assertThrows(UnsupportedOperationException.class, () -> r.taskArguments().add("y"));
        assertThrows(UnsupportedOperationException.class, () -> r.prefs().put("b", "2"));
    }
}
