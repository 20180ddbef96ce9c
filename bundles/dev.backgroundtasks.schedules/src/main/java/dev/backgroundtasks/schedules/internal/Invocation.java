package dev.backgroundtasks.schedules.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.backgroundtasks.api.TaskSchedule;

/**
 * How an operating system's scheduler starts a task of this installation: the installation's java
 * running its launcher.jar, with the environment that says where the installation's state lives.
 *
 * @param java the java executable (the one running this registration)
 * @param installation the installation's root folder
 * @param installHash the installation's hash, which names its schedules
 * @param runtimeDir the installation's runtime directory, where the crontab entry's lock lives
 * @param environment variables every scheduled run gets, in the order given
 */
record Invocation(Path java, Path installation, String installHash, Path runtimeDir, Map<String, String> environment) {
    /** A scheduled run decodes its argv as UTF-8 whatever the scheduler's locale (cron and systemd give POSIX). */
    static final String LOCALE = "C.UTF-8";
    /** Where the state lives: a scheduled run uses what the registering run used. */
    static final List<String> CARRIED = List.of("BACKGROUNDTASKS_DATA_DIR", "BACKGROUNDTASKS_RUNTIME_DIR");

    Invocation {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** The environment of scheduled runs: a UTF-8 locale, and the carried variables set in {@code env}. */
    static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("LC_ALL", LOCALE);
        for (String name : CARRIED) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                result.put(name, value);
            }
        }
        return result;
    }

    /** {@code backgroundtasks-<installHash>-<TASK>}: the systemd unit name, also the crontab marker and file name. */
    String unitName(String task) {
        return "backgroundtasks-" + installHash + "-" + task;
    }

    /** The prefix of every unit name of this installation. */
    String unitPrefix() {
        return "backgroundtasks-" + installHash + "-";
    }

    /** {@code java -jar launcher.jar --backgroundtask TASK -- ARGS}. */
    List<String> command(TaskSchedule schedule) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar",
                installation.resolve("launcher.jar").toString(), "--backgroundtask", schedule.task()));
        if (!schedule.arguments().isEmpty()) {
            command.add("--");
            command.addAll(schedule.arguments());
        }
        return command;
    }
}
