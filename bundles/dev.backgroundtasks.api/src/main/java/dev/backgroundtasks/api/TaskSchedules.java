package dev.backgroundtasks.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registers this installation's tasks with the operating system's scheduler, as Firefox's application
 * registers its background-update task: a systemd timer where systemd runs, else a crontab entry. The
 * service of the {@code schedule} toolkit task; application code gets it in both modes.
 *
 * <p>Schedules belong to one installation: systemd units are named
 * {@code backgroundtasks-<installHash>-<TASK>}, so two installations never collide. Each call may run
 * {@code systemctl} or {@code crontab} and blocks while it runs (each tool run is bounded to a minute).
 */
@ProviderType
public interface TaskSchedules {
    /** What {@link #render} writes. */
    enum Format {
        /** A systemd {@code .service} and {@code .timer}. */
        SYSTEMD,
        /** One crontab line (for {@code crontab}, or a file in {@code /etc/cron.d} for the system scope). */
        CRON,
        /** A launchd property list (macOS); print-only on other systems. */
        LAUNCHD,
        /** A Task Scheduler XML definition (Windows); print-only on other systems. */
        WINDOWS
    }

    /**
     * Registers the schedule, replacing this installation's schedule of the same task and scope:
     * registering the same schedule twice leaves one. Where systemd runs, the timer is enabled and started.
     *
     * @throws IllegalArgumentException the scheduler of this machine cannot express the schedule
     *         (the message says which part and what to use instead)
     * @throws IOException the operating system refused or failed (no permission for the system scope,
     *         {@code systemctl} or {@code crontab} missing or failing); a new schedule then leaves no file behind
     */
    void add(TaskSchedule schedule) throws IOException;

    /** This installation's schedules, in both scopes and with either scheduler, ordered by scope and task. */
    List<TaskSchedule> list() throws IOException;

    /**
     * Removes this installation's schedule of the task in the scope (the timer stopped and disabled,
     * the units or the crontab line removed).
     *
     * @return false if there was none
     */
    boolean remove(String taskName, TaskSchedule.Scope scope) throws IOException;

    /**
     * The files that register the schedule in the format, by base name in the order they should be
     * written, without installing anything.
     *
     * @throws IllegalArgumentException the format cannot express the schedule
     */
    Map<String, String> render(TaskSchedule schedule, Format format);
}
