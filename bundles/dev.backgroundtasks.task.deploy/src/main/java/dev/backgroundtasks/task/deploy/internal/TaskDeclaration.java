package dev.backgroundtasks.task.deploy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.osgi.framework.Version;

import dev.backgroundtasks.api.TaskDefinition;

/**
 * A task as its bundle's manifest declares it ({@code Provide-Capability: dev.backgroundtasks.task;...},
 * written by {@link TaskDefinition}), found with the launcher's lookup rule: the first location that
 * declares the name wins, in it the highest Bundle-Version, then the last file name. Jars that are not
 * readable bundles are passed over, as lookup skips them.
 *
 * @param timeoutSec the declared timeout; 0 means the default timeout preference
 */
record TaskDeclaration(String name, Location location, String bundle, Version version, long timeoutSec,
        boolean exclusive, boolean persistentProfile) {

    /** A folder searched for tasks, with the label it has in messages ({@code app}, {@code toolkit}, {@code testing}). */
    record Location(String label, Path folder) {
    }

    /** The launcher's locations in order: app, toolkit, then the testing folder when one is named. */
    static List<Location> locations(Path installation, String testingDir) {
        List<Location> locations = new ArrayList<>(List.of(
                new Location("app", installation.resolve("app/backgroundtasks")),
                new Location("toolkit", installation.resolve("toolkit/backgroundtasks"))));
        if (testingDir != null && !testingDir.isEmpty() && Files.isDirectory(Path.of(testingDir))) {
            locations.add(new Location("testing", Path.of(testingDir)));
        }
        return locations;
    }

    /** The winning declaration of {@code name}, if any location declares it. */
    static Optional<TaskDeclaration> find(String name, List<Location> locations) {
        for (Location location : locations) {
            TaskDeclaration winner = null;
            for (Path jar : jars(location.folder())) {
                for (TaskDeclaration d : declaredIn(jar, location)) {
                    if (d.name().equals(name) && (winner == null || d.version().compareTo(winner.version()) >= 0)) {
                        winner = d;
                    }
                }
            }
            if (winner != null) {
                return Optional.of(winner);
            }
        }
        return Optional.empty();
    }

    private static List<TaskDeclaration> declaredIn(Path jar, Location location) {
        List<TaskDeclaration> declared = new ArrayList<>();
        Attributes main;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return declared;
            }
            main = manifest.getMainAttributes();
        } catch (IOException | SecurityException e) {
            return declared;
        }
        String symbolicName = main.getValue("Bundle-SymbolicName");
        String header = main.getValue("Provide-Capability");
        if (symbolicName == null || header == null || !header.contains(TaskDefinition.NAMESPACE)) {
            return declared;
        }
        try {
            Version version = Version.parseVersion(main.getValue("Bundle-Version"));
            String bundle = symbolicName.split(";", 2)[0].trim();
            for (Map<String, String> a : CapabilityHeader.clauses(header, TaskDefinition.NAMESPACE)) {
                String name = a.get(TaskDefinition.NAMESPACE);
                if (name != null) {
                    declared.add(new TaskDeclaration(name, location, bundle, version, number(a.get("timeoutSec")),
                            "true".equalsIgnoreCase(a.get("exclusive")),
                            "true".equalsIgnoreCase(a.get("persistentProfile"))));
                }
            }
        } catch (IllegalArgumentException e) {
            // a malformed manifest: the launcher skips this jar too
            declared.clear();
        }
        return declared;
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The folder's jars in file-name order: on a version tie the last file name wins. */
    private static List<Path> jars(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of(); // an unreadable folder declares nothing, as in lookup
        }
    }
}
