package dev.backgroundtasks.launcher.internal.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.backgroundtasks.launcher.internal.lookup.TaskNames;
import dev.backgroundtasks.launcher.internal.process.DetachedProcesses;

/**
 * Parses the launcher's command line (docs/reference/command-line.md). Options are matched like Firefox's
 * CheckArg: one or two dashes, case-insensitive. The launcher consumes its own options wherever they
 * stand before {@code --}; every other argument after NAME goes to the task verbatim and in order.
 */
public final class LauncherCommandLine {
    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar launcher.jar --backgroundtask NAME [ARG ...]   run one task and exit with its code",
            "       java -jar launcher.jar [--profile DIR] [--pref NAME=VALUE ...]   normal mode: start the application",
            "",
            "Options (one or two dashes, any case; a value as the next argument or after '='):",
            "  --backgroundtask NAME     run the task NAME ([A-Za-z0-9_-]{1,64}, case-sensitive)",
            "  --attach-console          no-output tasks print anyway",
            "  --profile DIR             use DIR as the profile (created 0700 if missing, never deleted)",
            "  --pref NAME=VALUE         set a preference for this run (repeatable)",
            "  --list-tasks              list the tasks found, tab-separated, and exit",
            "  --detach                  start the task as a detached process, print its pid, exit 0",
            "  --debugger[=PORT]         run the task in a JVM with JDWP on 127.0.0.1 (0 or absent: a free port)",
            "  --wait-for-debugger       the same, and wait for the debugger before running",
            "  --test-should-not-process-updates   test hook for updating tasks",
            "  --                        everything after it goes to the task untouched",
            "  -h, --help                this text",
            "  -v, --version             the version",
            "",
            "Exit codes: 0 success, 1 platform failure, 2 task not found, 3 task exception, 4 timeout,",
            "5 task bundle failed to load, 6 already running, 7 bad command line, 11-125 task-specific.");

    private enum Option {
        BACKGROUNDTASK(Arity.REQUIRED), ATTACH_CONSOLE(Arity.NONE), PROFILE(Arity.REQUIRED),
        PREF(Arity.REQUIRED), LIST_TASKS(Arity.NONE), HELP(Arity.NONE), VERSION(Arity.NONE),
        DETACH(Arity.NONE), TEST_SHOULD_NOT_PROCESS_UPDATES(Arity.NONE), DEBUGGER(Arity.OPTIONAL),
        WAIT_FOR_DEBUGGER(Arity.NONE), TASK_ARGUMENTS_FROM_STDIN(Arity.NONE);

        enum Arity { NONE, REQUIRED, OPTIONAL }

        final Arity arity;

        Option(Arity arity) {
            this.arity = arity;
        }

        static Option named(String name) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "backgroundtask": return BACKGROUNDTASK;
                case "attach-console": return ATTACH_CONSOLE;
                case "profile": return PROFILE;
                case "pref": return PREF;
                case "list-tasks": return LIST_TASKS;
                case "help": case "h": return HELP;
                case "version": case "v": return VERSION;
                case "detach": return DETACH;
                case "test-should-not-process-updates": return TEST_SHOULD_NOT_PROCESS_UPDATES;
                case "debugger": return DEBUGGER;
                case "wait-for-debugger": return WAIT_FOR_DEBUGGER;
                case DetachedProcesses.ARGUMENTS_FROM_STDIN: return TASK_ARGUMENTS_FROM_STDIN;
                default: return null;
            }
        }
    }

    private LauncherCommandLine() {
    }

    public static LaunchRequest parse(String... args) throws UsageException {
        String taskName = null;
        List<String> taskArguments = new ArrayList<>();
        Map<String, String> prefs = new LinkedHashMap<>();
        boolean attachConsole = false;
        boolean listTasks = false;
        boolean help = false;
        boolean version = false;
        boolean detach = false;
        boolean testHook = false;
        boolean waitForDebugger = false;
        boolean argumentsFromStdin = false;
        Integer debuggerPort = null;
        String profile = null;
        UsageException error = null;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                if (taskName == null) {
                    error = first(error, "'--' without a task: use --backgroundtask NAME before --");
                    break;
                }
                for (int j = i + 1; j < args.length; j++) {
                    taskArguments.add(args[j]);
                }
                break;
            }
            Option option = null;
            String inlineValue = null;
            if (arg.startsWith("-") && arg.length() > 1) {
                String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
                int eq = body.indexOf('=');
                option = Option.named(eq < 0 ? body : body.substring(0, eq));
                inlineValue = eq < 0 ? null : body.substring(eq + 1);
            }
            if (option == null) {
                if (taskName == null) {
                    error = first(error, arg.startsWith("-") ? "unknown option '" + arg + "'"
                            : "unexpected argument '" + arg + "' before --backgroundtask NAME");
                } else {
                    taskArguments.add(arg);
                }
                continue;
            }
            String value = null;
            switch (option.arity) {
                case NONE:
                    if (inlineValue != null) {
                        error = first(error, "option '" + arg + "' takes no value");
                        continue;
                    }
                    break;
                case OPTIONAL:
                    value = inlineValue;
                    break;
                case REQUIRED:
                    if (inlineValue != null) {
                        value = inlineValue;
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        value = args[++i];
                    } else {
                        error = first(error, "option '" + arg + "' requires a value");
                        continue;
                    }
                    break;
                default:
                    throw new AssertionError(option);
            }
            switch (option) {
                case BACKGROUNDTASK:
                    if (taskName != null) {
                        error = first(error, "a second --backgroundtask ('" + value + "'): run one task at a time");
                    } else if (value.startsWith("-") || !TaskNames.valid(value)) {
                        error = first(error, "invalid task name '" + value + "': use [A-Za-z0-9_-], 1 to 64 characters");
                        taskName = value;
                    } else {
                        taskName = value;
                    }
                    break;
                case ATTACH_CONSOLE:
                    attachConsole = true;
                    break;
                case PROFILE:
                    if (value.isEmpty()) {
                        error = first(error, "--profile requires a path to a directory");
                    }
                    profile = value;
                    break;
                case PREF:
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        error = first(error, "--pref requires NAME=VALUE, got '" + value + "'");
                    } else {
                        prefs.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                    break;
                case LIST_TASKS:
                    listTasks = true;
                    break;
                case HELP:
                    help = true;
                    break;
                case VERSION:
                    version = true;
                    break;
                case DETACH:
                    detach = true;
                    break;
                case TEST_SHOULD_NOT_PROCESS_UPDATES:
                    testHook = true;
                    break;
                case WAIT_FOR_DEBUGGER:
                    waitForDebugger = true;
                    break;
                case TASK_ARGUMENTS_FROM_STDIN:
                    argumentsFromStdin = true;
                    break;
                case DEBUGGER:
                    int port = 0;
                    if (value != null && !value.isEmpty()) {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            port = -1;
                        }
                        if (port < 0 || port > 65535) {
                            error = first(error, "--debugger=PORT requires a port from 0 to 65535, got '" + value + "'");
                            continue;
                        }
                    }
                    debuggerPort = port;
                    break;
                default:
                    throw new AssertionError(option);
            }
        }
        // Like Firefox, --help wins: nothing runs, whatever else the line holds. --version wins over the other
        // options, but a line it cannot parse is still a usage error: a script's typo must not pass as success.
        LaunchRequest.Action action;
        if (help) {
            action = LaunchRequest.Action.HELP;
        } else if (version) {
            if (error != null) {
                throw error;
            }
            action = LaunchRequest.Action.VERSION;
        } else {
            if (error != null) {
                throw error;
            }
            if (listTasks) {
                action = LaunchRequest.Action.LIST_TASKS;
            } else if (taskName != null) {
                if (detach && attachConsole) {
                    throw new UsageException("--attach-console cannot be combined with --detach: a detached task's "
                            + "output goes to /dev/null");
                }
                action = LaunchRequest.Action.RUN_TASK;
            } else {
                if (detach) {
                    throw new UsageException("--detach requires --backgroundtask NAME");
                }
                action = LaunchRequest.Action.NORMAL;
            }
        }
        return new LaunchRequest(action, taskName, taskArguments, attachConsole, profile, prefs, detach, testHook,
                debuggerPort, waitForDebugger, argumentsFromStdin);
    }

    private static UsageException first(UsageException existing, String message) {
        return existing != null ? existing : new UsageException(message);
    }
}
