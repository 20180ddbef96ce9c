package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/** {@code --backgroundtask schedule} (docs/scheduling.md), run as a user runs it. */
@WithInstallation(testingTasks = true)
class ScheduleIT {
    static final int USAGE = 11;
    static final int NO_SUCH_SCHEDULE = 13;

    @TempDir
    Path tmp;
    TaskInstallation installation;

    @BeforeEach
    void installation(TaskInstallation installation) {
        this.installation = installation;
    }

    /** The schedule task, with a private TMPDIR and a runtime directory in it, which the scheduled line names. */
    private BackgroundTaskRun schedule(String... args) {
        List<String> line = new ArrayList<>(List.of("--backgroundtask", "schedule"));
        line.addAll(List.of(args));
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_RUNTIME_DIR", tmp.resolve("runtime").toString())
                .env("XDG_CONFIG_HOME", tmp.resolve("config").toString()).args(line.toArray(String[]::new));
    }

    /** The files of a --print run, by base name, from the "# FILE: name" lines. */
    static Map<String, String> files(BackgroundTaskResult r) {
        Map<String, String> files = new LinkedHashMap<>();
        String name = null;
        for (String line : r.stdout()) {
            if (line.startsWith("# FILE: ")) {
                name = line.substring("# FILE: ".length());
                files.put(name, "");
            } else {
                assertTrue(name != null, "output before the first # FILE: line: " + r);
                files.put(name, files.get(name) + line + "\n");
            }
        }
        return files;
    }

    static String installHash(Path installation) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(installation.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 16);
    }

    static void require(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(tool + " is missing: run .ci/install-tools");
        }
        assumeTrue(false, tool + " is missing (.ci/install-tools installs it)");
    }

    static ProcessResult exec(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("BACKGROUNDTASKS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " did not end");
        return new ProcessResult(p.exitValue(), out.join(), err.join());
    }

    record ProcessResult(int exitCode, String stdout, String stderr) {
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badCommandLinesExit11WithTheUsage() {
        List<List<String>> bad = List.of(List.of(), List.of("frobnicate"), List.of("add", "write_args"),
                List.of("add", "write_args", "--every", "1h", "--calendar", "daily"),
                List.of("add", "write_args", "--every", "sometimes"), List.of("add", "write_args", "--every", "1h", "--bogus"),
                List.of("add", "write_args", "--every", "1h", "--format", "cron"), List.of("list", "extra"),
                List.of("remove"));
        for (List<String> args : bad) {
            BackgroundTaskResult r = schedule(args.toArray(String[]::new)).run();
            assertEquals(USAGE, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains("usage: --backgroundtask schedule add TASK"), r::toString);
            assertTrue(r.stderrText().contains("schedule: "), "a one-line reason: " + r);
            assertEquals("", r.stdoutText(), r::toString);
        }
    }

    @Test
    void launchdAndWindowsArePrintOnlyAndASchedulerThatCannotExpressItIs11() {
        for (String format : List.of("launchd", "windows")) {
            BackgroundTaskResult r = schedule("add", "write_args", "--every", "1h", "--format", format).run();
            assertEquals(USAGE, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains("--format " + format + " is print-only on this system: add --print"), r::toString);
        }
        BackgroundTaskResult r = schedule("add", "write_args", "--every", "45m", "--catch-up", "--print").run();
        assertEquals(USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("--catch-up needs a calendar time"), r::toString);
        r = schedule("add", "write_args", "--every", "45m", "--print", "--format", "cron").run();
        assertEquals(USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("cron cannot run every 45m"), r::toString);
        require("systemd-analyze");
        r = schedule("add", "write_args", "--calendar", "every other tuesday", "--print").run();
        assertEquals(USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("systemd does not accept the calendar 'every other tuesday'"), r::toString);
    }

    @Test
    void printWritesUnitsThatSystemdVerifiesAndInstallsNothing() throws Exception {
        require("systemd-analyze");
        Path out = tmp.resolve("out");
        BackgroundTaskResult r = schedule("add", "write_args", "--calendar", "Mon..Fri *-*-* 09:30", "--jitter", "10m",
                "--catch-up", "--print", "--", out.toString(), "a b", "it's", "50%", "$HOME").run();
        assertEquals(0, r.exitCode(), r::toString);
        String unit = "backgroundtasks-" + installHash(installation.path()) + "-write_args";
        Map<String, String> files = files(r);
        assertEquals(List.of(unit + ".service", unit + ".timer"), new ArrayList<>(files.keySet()), r::toString);
        Path dir = Files.createDirectory(tmp.resolve("units"));
        List<String> verify = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            verify.add(Files.writeString(dir.resolve(f.getKey()), f.getValue()).toString());
        }
        ProcessResult v = exec(verify, Map.of());
        assertEquals(0, v.exitCode(), v::toString);
        assertEquals("", v.stderr(), "systemd-analyze verify warns");
        String timer = files.get(unit + ".timer");
        assertTrue(timer.contains("\nOnCalendar=Mon..Fri *-*-* 09:30\nRandomizedDelaySec=10min\nPersistent=true\n"), timer);
        String service = files.get(unit + ".service");
        assertTrue(service.contains("\"--backgroundtask\" \"write_args\" \"--\" \"" + out + "\" \"a b\" \"it's\" \"50%%\" \"$$HOME\"\n"),
                service);
        assertFalse(Files.exists(tmp.resolve("config")), "--print installs nothing");
    }

    @Test
    void printLaunchdIsAPlistAndWindowsHasIgnoreNewAndStartWhenAvailable() throws Exception {
        BackgroundTaskResult plist = schedule("add", "write_args", "--calendar", "daily", "--print", "--format", "launchd",
                "--", "a b").run();
        assertEquals(0, plist.exitCode(), plist::toString);
        Map<String, String> files = files(plist);
        String name = "dev.backgroundtasks." + installHash(installation.path()) + ".write_args.plist";
        assertEquals(List.of(name), new ArrayList<>(files.keySet()));
        Document p = parse(files.get(name));
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals("plist", p.getDocumentElement().getNodeName());
        assertEquals("a b", x.evaluate("/plist/dict/key[.='ProgramArguments']/following-sibling::array[1]/string[last()]", p));
        assertEquals("0", x.evaluate("//key[.='StartCalendarInterval']/following-sibling::dict[1]/key[.='Hour']/following-sibling::integer[1]", p));

        BackgroundTaskResult windows = schedule("add", "write_args", "--every", "6h", "--jitter", "30m", "--print", "--format",
                "windows").run();
        assertEquals(0, windows.exitCode(), windows::toString);
        Document w = parse(files(windows).values().iterator().next());
        assertEquals("IgnoreNew", x.evaluate("//*[local-name()='Settings']/*[local-name()='MultipleInstancesPolicy']", w));
        assertEquals("true", x.evaluate("//*[local-name()='Settings']/*[local-name()='StartWhenAvailable']", w));
        assertEquals("PT6H", x.evaluate("//*[local-name()='Repetition']/*[local-name()='Interval']", w));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // no network
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    /** What cron does to a command: "\%" is a literal %, a bare % would end it (crontab(5)). */
    static String cronCommand(String entry, int fields) {
        String command = entry.strip().split("\\s+", fields + 1)[fields];
        StringBuilder b = new StringBuilder();
        boolean escaped = false;
        for (char c : command.toCharArray()) {
            if (escaped && c != '%') {
                b.append('\\');
            }
            assertTrue(escaped || c != '%', "an unescaped % in " + command);
            escaped = c == '\\';
            if (!escaped) {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void theCrontabLineRunsTheTaskAndNeverOverlapsARunningOne() throws Exception {
        require("flock");
        require("shuf");
        Path runtime = tmp.resolve("runtime");
        Path out = tmp.resolve("out");
        BackgroundTaskResult r = schedule("add", "write_args", "--every", "15m", "--print", "--format", "cron", "--",
                out.toString(), "a b", "it's", "50%", "$(touch " + tmp.resolve("pwned") + ")").run();
        assertEquals(0, r.exitCode(), r::toString);
        String crontab = files(r).get("crontab");
        String[] lines = crontab.split("\n");
        assertEquals(2, lines.length, crontab);
        assertTrue(lines[0].startsWith("# backgroundtasks-" + installHash(installation.path()) + "-write_args schedule "),
                crontab);
        assertTrue(lines[1].startsWith("*/15 * * * * "), crontab);
        String command = cronCommand(lines[1], 5);
        Map<String, String> env = Map.of("BACKGROUNDTASKS_TESTING_DIR",
                installation.testingTasks().toString(), "TMPDIR", tmp.toString());

        Fixtures.delete(runtime); // the line recreates a runtime directory that is gone
        assertFalse(Files.exists(runtime));
        ProcessResult first = exec(List.of("sh", "-c", command), env);
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(List.of("a b", "it's", "50%", "$(touch " + tmp.resolve("pwned") + ")"), DetachedProcessesIT.readArgs(out));
        assertFalse(Files.exists(tmp.resolve("pwned")), "no argument is run by the shell");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime, LinkOption.NOFOLLOW_LINKS)));

        // a run in progress holds the lock: the next one must not start the task
        Files.delete(out);
        Path lock = runtime.resolve("schedule-write_args.lock");
        Process holder = new ProcessBuilder("flock", lock.toString(), "cat").start();
        try {
            await("the holder takes the lock").atMost(Duration.ofSeconds(30))
                    .until(() -> exec(List.of("flock", "-n", lock.toString(), "true"), Map.of()).exitCode() != 0);
            ProcessResult second = exec(List.of("sh", "-c", command), env);
            assertEquals(6, second.exitCode(), "ALREADY_RUNNING, as an exclusive task: " + second);
            assertFalse(Files.exists(out), "the task ran while another run held the lock");
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        ProcessResult third = exec(List.of("sh", "-c", command), env);
        assertEquals(0, third.exitCode(), third::toString);
        assertTrue(Files.exists(out), "runs again once the lock is free");

        // a runtime directory replaced by a link (to a directory someone else chose) is never used
        Files.delete(out);
        Fixtures.delete(runtime);
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(runtime, elsewhere);
        ProcessResult linked = exec(List.of("sh", "-c", command), env);
        assertEquals(1, linked.exitCode(), linked::toString);
        assertTrue(linked.stderr().contains("backgroundtasks: not a directory of this user: " + runtime), linked::toString);
        assertFalse(Files.exists(out), "the task did not run");
        try (var s = Files.list(elsewhere)) {
            assertEquals(0, s.count(), "no lock file written through the link");
        }
    }

    @Test
    void addListRemoveWithTheRealCrontabIsIdempotentAndRestoresWhatWasThere() throws Exception {
        require("crontab");
        assumeTrue(!Files.isDirectory(Path.of("/run/systemd/system")), "systemd runs here: add registers a timer");
        assumeTrue("root".equals(System.getProperty("user.name")), "changes the real crontab only as root");
        ProcessResult before = exec(List.of("crontab", "-l"), Map.of());
        boolean hadCrontab = before.exitCode() == 0;
        String marker = "# backgroundtasks-" + installHash(installation.path()) + "-write_args schedule ";
        Path cronD = Path.of("/etc/cron.d/backgroundtasks-" + installHash(installation.path()) + "-write_args");
        assertFalse(Files.exists(cronD), cronD + " exists before the test");
        try {
            for (int i = 0; i < 2; i++) {
                BackgroundTaskResult add = schedule("add", "write_args", "--every", "1d", "--", "x y").run();
                assertEquals(0, add.exitCode(), add::toString);
                assertTrue(add.stdoutText().contains("scheduled write_args --every 1d -- 'x y'"), add::toString);
            }
            String crontab = exec(List.of("crontab", "-l"), Map.of()).stdout();
            assertEquals(1, crontab.split(java.util.regex.Pattern.quote(marker), -1).length - 1, "idempotent: " + crontab);
            if (hadCrontab) {
                assertTrue(crontab.startsWith(before.stdout()), "the lines that were there stay: " + crontab);
            }

            BackgroundTaskResult system = schedule("add", "write_args", "--calendar", "Sun 04:00", "--system").run();
            assertEquals(0, system.exitCode(), system::toString);
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cronD)));
            assertTrue(Files.readString(cronD).contains("\n0 4 * * 7 root "), Files.readString(cronD));

            BackgroundTaskResult list = schedule("list").run();
            assertEquals(0, list.exitCode(), list::toString);
            assertEquals(List.of("write_args --every 1d -- 'x y'", "write_args --calendar 'Sun 04:00' --system"),
                    list.stdout(), list::toString);

            assertEquals(0, schedule("remove", "write_args").run().exitCode());
            assertEquals(0, schedule("remove", "write_args", "--system").run().exitCode());
            assertFalse(Files.exists(cronD));
            assertFalse(exec(List.of("crontab", "-l"), Map.of()).stdout().contains(marker));
            BackgroundTaskResult again = schedule("remove", "write_args").run();
            assertEquals(NO_SUCH_SCHEDULE, again.exitCode(), again::toString);
            assertEquals(List.of(), schedule("list").run().stdout());
        } finally {
            Files.deleteIfExists(cronD);
            if (hadCrontab) {
                Process p = new ProcessBuilder("crontab", "-").start();
                try (var in = p.getOutputStream()) {
                    in.write(before.stdout().getBytes(StandardCharsets.UTF_8));
                }
                assertEquals(0, p.waitFor());
            } else {
                exec(List.of("crontab", "-r"), Map.of());
            }
        }
        ProcessResult after = exec(List.of("crontab", "-l"), Map.of());
        assertEquals(before.exitCode(), after.exitCode());
        assertEquals(before.stdout(), after.stdout(), "the crontab is restored");
    }

    @Test
    void theSystemScopeIsRootsAndARefusalLeavesNothingBehind() throws Exception {
        require("setpriv");
        assumeTrue("root".equals(System.getProperty("user.name")), "runs the task as another user, which needs root");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path home = Files.createDirectory(tmp.resolve("nobody"));
        // the kit's installation folder is private to root: nobody reads launcher.jar through it
        Files.setPosixFilePermissions(installation.path().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path cronD = Path.of("/etc/cron.d/backgroundtasks-" + installHash(installation.path()) + "-write_args");
        ProcessResult r = exec(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                installation.launcherJar().toString(), "--backgroundtask", "schedule", "add", "write_args",
                "--every", "1d", "--system"), Map.of("HOME", home.toString(), "TMPDIR", home.toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(), "BACKGROUNDTASKS_RUNTIME_DIR", home.resolve("run").toString()));
        assertEquals(12, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("schedule: only root can change a --system schedule: run as root, or drop --system"),
                r::toString);
        assertFalse(Files.exists(cronD), "nothing registered");
        assertFalse(Files.exists(home.resolve("config")), "nothing written");
    }

    @Test
    void theServiceComesOnlyWithTheScheduleTaskAndAlwaysInNormalMode() throws Exception {
        Path report = tmp.resolve("schedule.json");
        BackgroundTaskResult list = schedule("add", "write_args", "--every", "1h", "--print")
                .env("BACKGROUNDTASKS_GRAPH_FILE", report.toString()).run();
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(Graph.read(report).values("bundles", "symbolicName").contains("dev.backgroundtasks.schedules"));

        Path success = tmp.resolve("success.json");
        assertEquals(0, BackgroundTaskRun.launcher("--backgroundtask", "success")
                .env("BACKGROUNDTASKS_GRAPH_FILE", success.toString()).run().exitCode());
        assertFalse(Graph.read(success).values("bundles", "symbolicName").contains("dev.backgroundtasks.schedules"),
                "success's start-up path is unchanged");

        TaskInstallation inst = installation.copy();
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.categories"), inst.path().resolve("app/bundles"),
                "categories.jar");
        Path normal = tmp.resolve("normal.json");
        BackgroundTaskResult app = BackgroundTaskRun.launcher().in(inst).tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_TEST_MARKERS", tmp.resolve("markers").toString())
                .env("BACKGROUNDTASKS_TEST_QUIT_CODE", "23").env("BACKGROUNDTASKS_GRAPH_FILE", normal.toString()).run();
        assertEquals(23, app.exitCode(), app::toString);
        assertTrue(Graph.read(normal).values("services", "objectClass").contains("dev.backgroundtasks.api.TaskSchedules"),
                "application code gets TaskSchedules in normal mode: " + Graph.read(normal).text());
    }
}
