package dev.backgroundtasks.task.deploy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The deploy task's command line: {@code kubernetes TASK --image IMAGE [--schedule CRON] [--job]
 * [--backoff-limit N] [--name NAME] [--data-claim CLAIM] [--] [TASK-ARG ...]}. Options come first and
 * are matched like the launcher's (one or two dashes, any case, the value as the next argument or after
 * {@code =}); the first plain word, or everything after a {@code --}, starts the task's arguments.
 */
record DeployCommand(String task, String image, String schedule, boolean job, int backoffLimit,
        Optional<String> name, Optional<String> dataClaim, List<String> taskArguments) {

    static final String ENGINE = "kubernetes";
    /** Kubernetes runs a CronJob on this schedule unless {@code --schedule} says otherwise. */
    static final String DEFAULT_SCHEDULE = "@daily";
    static final int DEFAULT_BACKOFF_LIMIT = 3;
    /** A CronJob's name leaves 11 characters for the Job names the controller derives from it. */
    static final int MAX_CRONJOB_NAME = 52;
    /** A Job's name becomes the {@code job-name} label of its pods: a label value of at most 63. */
    static final int MAX_JOB_NAME = 63;

    static final String USAGE = String.join("\n",
            "Usage: --backgroundtask deploy kubernetes TASK --image IMAGE [--schedule CRON] [--job]",
            "           [--backoff-limit N] [--name NAME] [--data-claim CLAIM] [-- TASK-ARG ...]",
            "Prints a Kubernetes batch/v1 CronJob (or a Job with --job) that runs TASK from IMAGE, whose",
            "entry point is the launcher, with the task's timeout, exclusivity and profile from its bundle.",
            "  --image IMAGE        the container image holding this installation (required)",
            "  --schedule CRON      the CronJob's schedule: five cron fields or @hourly, @daily, ... (default "
                    + DEFAULT_SCHEDULE + ")",
            "  --job                a Job that runs once instead of a CronJob",
            "  --backoff-limit N    retries of retryable failures (default " + DEFAULT_BACKOFF_LIMIT + ")",
            "  --name NAME          the object's name (default backgroundtasks-TASK, made DNS-1123)",
            "  --data-claim CLAIM   the PersistentVolumeClaim of a persistent-profile task (default NAME-data)",
            "The launcher takes the first '--' itself: task arguments that start with '-' need '-- --'.",
            "Exit codes: 0 manifest printed, 2 no such task, 11 bad command line.");

    private static final Set<String> VALUE_OPTIONS = Set.of("image", "schedule", "backoff-limit", "name", "data-claim");
    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern CRON_MACRO = Pattern.compile("@(yearly|annually|monthly|weekly|daily|midnight|hourly)");
    private static final Pattern CRON_FIELDS = Pattern.compile("[0-9A-Za-z*/,?-]+( [0-9A-Za-z*/,?-]+){4}");
    private static final Pattern IMAGE = Pattern.compile("[\\x21-\\x7e]+");

    /** A bad command line, with the one-line reason. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String reason) {
            super(reason);
        }
    }

    /** The object's name: {@code --name}, else one derived from the task's name. */
    String objectName() {
        return name.orElseGet(() -> ResourceNames.forTask(task, job ? MAX_JOB_NAME : MAX_CRONJOB_NAME));
    }

    /** The claim a persistent-profile task's data volume uses. */
    String claimName() {
        return dataClaim.orElseGet(() -> objectName() + "-data");
    }

    static DeployCommand parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("no engine: the first argument is '" + ENGINE + "'");
        }
        if (!args.get(0).equals(ENGINE)) {
            throw new UsageException("unknown engine '" + args.get(0) + "': only '" + ENGINE
                    + "' is generated (Nomad, AWS Batch and Argo examples are in docs/engines.md)");
        }
        if (args.size() < 2 || args.get(1).startsWith("-") || !TASK_NAME.matcher(args.get(1)).matches()) {
            throw new UsageException(args.size() < 2 ? "no TASK after '" + ENGINE + "'"
                    : "'" + args.get(1) + "' is not a task name ([A-Za-z0-9_-]{1,64})");
        }
        String task = args.get(1);
        String image = null;
        String schedule = null;
        String backoff = null;
        String name = null;
        String claim = null;
        boolean job = false;
        int i = 2;
        for (; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String option = (eq < 0 ? body : body.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (option.equals("job")) {
                if (eq >= 0) {
                    throw new UsageException("option '" + arg + "' takes no value");
                }
                job = true;
                continue;
            }
            if (!VALUE_OPTIONS.contains(option)) {
                throw new UsageException("unknown option '" + arg + "' (task arguments that start with '-' go after '-- --')");
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                value = args.get(++i);
            } else {
                throw new UsageException("option '" + arg + "' requires a value");
            }
            switch (option) {
                case "image": image = once(image, value, arg); break;
                case "schedule": schedule = once(schedule, value, arg); break;
                case "backoff-limit": backoff = once(backoff, value, arg); break;
                case "name": name = once(name, value, arg); break;
                case "data-claim": claim = once(claim, value, arg); break;
                default: throw new AssertionError(option);
            }
        }
        List<String> taskArguments = new ArrayList<>(args.subList(i, args.size()));

        if (image == null) {
            throw new UsageException("--image IMAGE is required: the image whose entry point is this installation's launcher");
        }
        if (!IMAGE.matcher(image).matches()) {
            throw new UsageException("--image '" + image + "' is not an image reference (no spaces or control characters)");
        }
        if (job && schedule != null) {
            throw new UsageException("--schedule and --job exclude each other: a Job runs once");
        }
        if (schedule != null && !CRON_MACRO.matcher(schedule).matches() && !CRON_FIELDS.matcher(schedule).matches()) {
            throw new UsageException("--schedule '" + schedule + "' is not five cron fields or @hourly, @daily, @weekly, @monthly, @yearly");
        }
        int backoffLimit = DEFAULT_BACKOFF_LIMIT;
        if (backoff != null) {
            try {
                backoffLimit = Integer.parseInt(backoff);
            } catch (NumberFormatException e) {
                backoffLimit = -1;
            }
            if (backoffLimit < 0) {
                throw new UsageException("--backoff-limit '" + backoff + "' is not a number of retries (0 or more)");
            }
        }
        int maxName = job ? MAX_JOB_NAME : MAX_CRONJOB_NAME;
        if (name != null && (name.length() > maxName || !DNS_LABEL.matcher(name).matches())) {
            throw new UsageException("--name '" + name + "' is not a DNS-1123 label of at most " + maxName
                    + " characters (lowercase letters, digits and '-')");
        }
        if (claim != null && (claim.length() > 253 || !DNS_SUBDOMAIN.matcher(claim).matches())) {
            throw new UsageException("--data-claim '" + claim + "' is not a DNS-1123 name (lowercase letters, digits, '-' and '.')");
        }
        return new DeployCommand(task, image, schedule == null ? DEFAULT_SCHEDULE : schedule, job, backoffLimit,
                Optional.ofNullable(name), Optional.ofNullable(claim), List.copyOf(taskArguments));
    }

    private static String once(String previous, String value, String arg) throws UsageException {
        if (previous != null) {
            throw new UsageException("option '" + arg + "' given twice");
        }
        return value;
    }
}
