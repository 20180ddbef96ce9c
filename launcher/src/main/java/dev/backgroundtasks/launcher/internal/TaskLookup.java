package dev.backgroundtasks.launcher.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.backgroundtasks.api.TaskDefinition;

/**
 * Finds task bundles by reading manifests only (contract section 5): app, then toolkit, then the
 * testing folder named by {@code BACKGROUNDTASKS_TESTING_DIR}. Every jar of {@code bundles/} and of the
 * task folders is also a candidate for the resolution closure.
 */
final class TaskLookup {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Comparator<Path> FILE_NAME_ORDER = new Comparator<>() {
        @Override
        public int compare(Path a, Path b) {
            return a.getFileName().toString().compareTo(b.getFileName().toString());
        }
    };

    /** A folder searched for tasks, by its label in messages and in {@code --list-tasks}. */
    record Location(String label, Path folder) {
    }

    /** A bundle that declares a task. */
    record TaskDeclaration(String name, Location location, BundleManifest bundle, TaskSettings settings) {
        String describe() {
            return bundle.symbolicName() + " " + bundle.version() + " (" + bundle.file() + ")";
        }
    }

    /** A jar that lookup cannot use, with the reason. */
    record Skipped(Location location, Path file, String reason) {
    }

    private final List<Location> locations = new ArrayList<>();
    private final List<BundleManifest> platformBundles = new ArrayList<>();
    private final List<BundleManifest> taskFolderBundles = new ArrayList<>();
    private final List<TaskDeclaration> declarations = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private ManifestIndex index;

    private TaskLookup() {
    }

    /** Reads every candidate jar of the installation. */
    static TaskLookup scan(Installation installation, Map<String, String> env) {
        return scan(installation, env, ManifestIndex.in(null));
    }

    /** Reads every candidate jar of the installation, through the manifest index. */
    static TaskLookup scan(Installation installation, Map<String, String> env, ManifestIndex index) {
        TaskLookup lookup = new TaskLookup();
        lookup.index = index;
        Location platform = new Location("bundles", installation.bundles());
        for (Path jar : jars(platform.folder())) {
            try {
                lookup.platformBundles.add(index.read(jar));
            } catch (BundleManifest.InvalidBundleException e) {
                lookup.skipped.add(new Skipped(platform, jar, e.getMessage()));
            }
        }
        lookup.locations.add(new Location("app", installation.appTasks()));
        lookup.locations.add(new Location("toolkit", installation.toolkitTasks()));
        String testing = env.get("BACKGROUNDTASKS_TESTING_DIR");
        if (testing != null && !testing.isEmpty() && Files.isDirectory(Path.of(testing))) {
            lookup.locations.add(new Location("testing", Path.of(testing)));
        }
        Set<String> platformNames = new HashSet<>();
        for (BundleManifest b : lookup.platformBundles) {
            platformNames.add(b.symbolicName());
            platformNames.add(b.symbolicName() + ";" + b.version());
        }
        for (Location location : lookup.locations) {
            lookup.scanTaskFolder(location, platformNames);
        }
        index.save();
        return lookup;
    }

    private void scanTaskFolder(Location location, Set<String> platformNames) {
        for (Path jar : jars(location.folder())) {
            BundleManifest bundle;
            try {
                bundle = index.read(jar);
            } catch (BundleManifest.InvalidBundleException e) {
                skipped.add(new Skipped(location, jar, e.getMessage()));
                continue;
            }
            if (platformNames.contains(bundle.symbolicName() + ";" + bundle.version()) && !isInfrastructure(bundle)) {
                // the platform's own copy of a library, as Maven hands it to an author (slf4j-api): nothing to
                // say (issue 14); a copy of the infrastructure (SCR, an OSGi API) still gets its warning below
                continue;
            }
            if (platformNames.contains(bundle.symbolicName())) {
                skipped.add(new Skipped(location, jar, "carries its own copy of the platform bundle "
                        + bundle.symbolicName() + "; the platform's bundles/ win"));
                continue;
            }
            List<TaskDeclaration> found = new ArrayList<>();
            String invalid = null;
            List<BundleManifest.Capability> declared = bundle.mayDeclare(TaskDefinition.NAMESPACE)
                    ? bundle.capabilities(TaskDefinition.NAMESPACE) : List.of();
            for (BundleManifest.Capability c : declared) {
                Object name = c.attributes().get(TaskDefinition.NAMESPACE);
                if (name == null || !NAME.matcher(name.toString()).matches()) {
                    invalid = "declares a task name outside [A-Za-z0-9_-]{1,64}: '" + name + "'";
                    break;
                }
                found.add(new TaskDeclaration(name.toString(), location, bundle, TaskSettings.of(c.attributes())));
            }
            if (invalid != null) {
                skipped.add(new Skipped(location, jar, invalid));
                continue;
            }
            declarations.addAll(found);
            taskFolderBundles.add(bundle);
        }
    }

    /** The framework's extensions, the OSGi specification APIs and the platform's own bundles. */
    private static boolean isInfrastructure(BundleManifest bundle) {
        String name = bundle.symbolicName();
        return name.equals("org.apache.felix.scr") || name.startsWith("org.osgi.") || name.startsWith("dev.backgroundtasks.");
    }

    private static List<Path> jars(Path folder) {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return jars;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        } catch (IOException e) {
            // An unreadable folder holds no candidates; lookup goes on with the others.
        }
        // file names in sort order; a plain comparator keeps lambdas off the start-up path
        jars.sort(FILE_NAME_ORDER);
        return jars;
    }

    /** The winning declaration of a name, with the warnings the choice produced. */
    record Found(Optional<TaskDeclaration> task, List<String> warnings) {
    }

    /**
     * The first location that declares the name wins; in it the highest Bundle-Version, then the last
     * file name in sort order (the order of {@link #declarations}).
     */
    Found find(String name) {
        List<String> warnings = new ArrayList<>();
        for (Location location : locations) {
            // identity, not record equality: a record's equals bootstraps method handles at start-up
            List<TaskDeclaration> here = new ArrayList<>();
            for (TaskDeclaration d : declarations) {
                if (d.location() == location && d.name().equals(name)) {
                    here.add(d);
                }
            }
            if (here.isEmpty()) {
                continue;
            }
            TaskDeclaration winner = here.get(0);
            for (TaskDeclaration d : here.subList(1, here.size())) {
                if (d.bundle().version().compareTo(winner.bundle().version()) >= 0) {
                    winner = d;
                }
            }
            for (TaskDeclaration d : here) {
                if (d != winner) {
                    warnings.add("task '" + name + "' is declared twice in " + location.label() + "/: "
                            + d.describe() + " and " + winner.describe() + "; using "
                            + winner.bundle().file().getFileName());
                }
            }
            return new Found(Optional.of(winner), warnings);
        }
        return new Found(Optional.empty(), warnings);
    }

    /** Whether a declaration is hidden by an earlier location or a higher version in its own. */
    boolean isShadowed(TaskDeclaration declaration) {
        return find(declaration.name()).task().map(w -> w != declaration).orElse(false);
    }

    /** Warnings about jars that were skipped, naming each file. */
    List<String> skippedWarnings() {
        List<String> warnings = new ArrayList<>();
        for (Skipped s : skipped) {
            warnings.add("skipping " + s.file() + ": " + s.reason());
        }
        return warnings;
    }

    List<TaskDeclaration> declarations() {
        return declarations;
    }

    List<Skipped> skipped() {
        return skipped;
    }

    List<Location> locations() {
        return locations;
    }

    List<BundleManifest> platformBundles() {
        return platformBundles;
    }

    /** Candidates for resolution, in preference order: the platform's bundles, then app, toolkit, testing. */
    List<BundleManifest> candidates() {
        List<BundleManifest> all = new ArrayList<>(platformBundles);
        all.addAll(taskFolderBundles);
        return all;
    }
}
