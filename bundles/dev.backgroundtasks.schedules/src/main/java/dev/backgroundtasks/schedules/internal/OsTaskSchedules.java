package dev.backgroundtasks.schedules.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskSchedule;
import dev.backgroundtasks.api.TaskSchedules;

/**
 * {@link TaskSchedules} on this machine's scheduler: systemd timers where systemd runs
 * ({@code /run/systemd/system} exists), else crontab. Lists and removes with both, so that a schedule is
 * found whichever registered it.
 */
@Component(service = TaskSchedules.class)
public final class OsTaskSchedules implements TaskSchedules {
    private final Invocation invocation;
    private final SystemdTimers systemd;
    private final Crontabs crontabs;

    @Activate
    public OsTaskSchedules(BundleContext context) {
        this(invocation(context.getProperty(FrameworkProperties.INSTALLATION),
                context.getProperty(FrameworkProperties.INSTALLATION_HASH),
                context.getProperty(FrameworkProperties.RUNTIME_DIR), System.getenv()),
                SystemdTimers.userUnitFolder(System.getenv()), Crontabs.SYSTEM_FOLDER);
    }

    OsTaskSchedules(Invocation invocation, Path userUnits, Path cronFolder) {
        this.invocation = invocation;
        this.systemd = new SystemdTimers(invocation, userUnits);
        this.crontabs = new Crontabs(invocation, cronFolder);
    }

    /** Runs of this installation with the java that runs this one. */
    static Invocation invocation(String installation, String installHash, String runtimeDir, Map<String, String> env) {
        return new Invocation(Path.of(System.getProperty("java.home"), "bin", "java"), Path.of(installation),
                installHash, Path.of(runtimeDir), Invocation.environment(env));
    }

    @Override
    public void add(TaskSchedule schedule) throws IOException {
        if (SystemdTimers.isRunning()) {
            systemd.add(schedule);
        } else {
            crontabs.add(schedule);
        }
    }

    @Override
    public List<TaskSchedule> list() throws IOException {
        List<TaskSchedule> all = new ArrayList<>();
        for (TaskSchedule.Scope scope : TaskSchedule.Scope.values()) {
            all.addAll(systemd.list(scope));
            all.addAll(crontabs.list(scope));
        }
        all.sort(Comparator.comparing((TaskSchedule s) -> s.scope()).thenComparing(TaskSchedule::task));
        return all;
    }

    @Override
    public boolean remove(String taskName, TaskSchedule.Scope scope) throws IOException {
        boolean removed = systemd.remove(taskName, scope);
        return crontabs.remove(taskName, scope) || removed;
    }

    @Override
    public Map<String, String> render(TaskSchedule s, Format format) {
        Map<String, String> files = new LinkedHashMap<>();
        switch (format) {
            case SYSTEMD:
                try {
                    SystemdTimers.checkCalendar(s);
                } catch (IOException e) {
                    // systemd-analyze could not run: the expression goes out unchecked
                }
                return SystemdUnits.render(invocation, s);
            case CRON:
                files.put(s.scope() == TaskSchedule.Scope.SYSTEM ? CronEntry.fileName(invocation, s) : "crontab",
                        CronEntry.render(invocation, s));
                return files;
            case LAUNCHD:
                files.put(LaunchdPlist.fileName(invocation, s), LaunchdPlist.render(invocation, s));
                return files;
            case WINDOWS:
                files.put(WindowsTask.fileName(invocation, s), WindowsTask.render(invocation, s));
                return files;
            default:
                throw new IllegalArgumentException("unknown format " + format);
        }
    }
}
