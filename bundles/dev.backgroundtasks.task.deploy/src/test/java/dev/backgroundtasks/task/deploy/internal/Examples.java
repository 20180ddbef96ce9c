package dev.backgroundtasks.task.deploy.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.framework.Version;

/** Declarations and command lines for the tests, built directly. */
final class Examples {
    static final TaskDeclaration.Location TOOLKIT = new TaskDeclaration.Location("toolkit", Path.of("toolkit/backgroundtasks"));

    private Examples() {
    }

    static TaskDeclaration task(String name, long timeoutSec, boolean exclusive, boolean persistentProfile) {
        return new TaskDeclaration(name, TOOLKIT, "com.example." + name, Version.parseVersion("1.0.0"), timeoutSec,
                exclusive, persistentProfile);
    }

    static DeployCommand command(String... args) {
        try {
            return DeployCommand.parse(Arrays.asList(args));
        } catch (DeployCommand.UsageException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Every combination of the kind, exclusivity, profile, task arguments and the optional names. */
    static List<Object[]> combinations() {
        List<Object[]> all = new ArrayList<>();
        for (boolean job : new boolean[] {false, true}) {
            for (boolean exclusive : new boolean[] {false, true}) {
                for (boolean persistent : new boolean[] {false, true}) {
                    for (int variant = 0; variant < 3; variant++) {
                        List<String> args = new ArrayList<>(List.of("kubernetes", "clean_Up", "--image", "registry.example:5000/app@sha256:0123"));
                        if (job) {
                            args.add("--job");
                        } else if (variant > 0) {
                            args.addAll(List.of("--schedule", variant == 1 ? "*/15 * * * *" : "@hourly"));
                        }
                        if (variant == 1) {
                            args.addAll(List.of("--backoff-limit", "0", "--name", "cleanup", "--data-claim", "shared.data"));
                        }
                        if (variant == 2) {
                            args.addAll(List.of("--", "--profile", "x y", "true", "3"));
                        }
                        all.add(new Object[] {command(args.toArray(String[]::new)),
                                task("clean_Up", variant == 1 ? 120 : 0, exclusive, persistent)});
                    }
                }
            }
        }
        return all;
    }
}
