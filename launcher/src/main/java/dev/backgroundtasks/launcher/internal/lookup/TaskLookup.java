package dev.backgroundtasks.launcher.internal.lookup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.backgroundtasks.api.TaskDefinition;

import dev.backgroundtasks.launcher.internal.files.Installation;

/**
 * Finds task bundles by reading manifests only (docs/reference/lookup.md): app, then toolkit, then the
 * testing folder named by {@code BACKGROUNDTASKS_TESTING_DIR}. Every jar of {@code bundles/} and of the
 * task folders is also a candidate for the resolution closure.
 */
public final class TaskLookup {
    /** A jar of a folder and its file name, which orders the folder's jars (computed once, not per comparison). */
    private record NamedJar(String name, Path path) implements Comparable<NamedJar> {
        @Override
        public int compareTo(NamedJar other) {
            return name.compareTo(other.name);
        }
    }

    /** A folder searched for tasks, by its label in messages and in {@code --list-tasks}. */
    public record Location(String label, Path folder) {
    }

    /** A bundle that declares a task. */
    public record TaskDeclaration(String name, Location location, BundleManifest bundle, TaskSettings settings) {
        String describe() {
            return bundle.symbolicName() + " " + bundle.version() + " (" + bundle.file() + ")";
        }
    }

    /**
     * A jar that lookup cannot use, with the reason, its raw Provide-Capability when it has one, and for a
     * copy of a platform bundle, that bundle's name.
     */
    public record Skipped(Location location, Path file, String reason, String declared, String platformBundle) {
        Skipped(Location location, Path file, String reason) {
            this(location, file, reason, null, null);
        }

        /** Whether the raw header names the task: a task whose own bundle is malformed fails to load (5), not "not found". */
        boolean mayDeclare(String task) {
            return declared != null && Pattern.compile(Pattern.quote(TaskDefinition.NAMESPACE)
                    + "(:String)?\\s*=\\s*\"?" + Pattern.quote(task) + "\"?\\s*(;|,|$)").matcher(declared).find();
        }
    }

    private final List<Location> locations = new ArrayList<>();
    private final List<BundleManifest> platformBundles = new ArrayList<>();
    private final List<BundleManifest> taskFolderBundles = new ArrayList<>();
    private final List<TaskDeclaration> declarations = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    /** Drop-ins skipped because they carry a copy of a platform infrastructure bundle. */
    private final List<Skipped> replaced = new ArrayList<>();
    private ManifestIndex index;

    private TaskLookup() {
    }

    /** Reads every candidate jar of the installation. */
    public static TaskLookup scan(Installation installation, Map<String, String> env) {
        return scan(installation, env, ManifestIndex.in(null));
    }

    /** Reads every candidate jar of the installation, through the manifest index. */
    public static TaskLookup scan(Installation installation, Map<String, String> env, ManifestIndex index) {
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
        if (testing != null && !testing.isEmpty()) {
            try {
                Path folder = Path.of(testing);
                if (Files.isDirectory(folder)) {
                    lookup.locations.add(new Location("testing", folder));
                }
            } catch (java.nio.file.InvalidPathException e) {
                // an unusable testing folder never breaks the other tasks (docs/reliability.md, rule 12)
                lookup.skipped.add(new Skipped(new Location("testing", Path.of("")), Path.of(""),
                        "BACKGROUNDTASKS_TESTING_DIR names a path the JVM cannot encode under the platform encoding; ignored"));
            }
        }
        Map<String, List<BundleManifest>> platformNames = new HashMap<>();
        for (BundleManifest b : lookup.platformBundles) {
            List<BundleManifest> same = platformNames.get(b.symbolicName());
            if (same == null) {
                same = new ArrayList<>(1);
                platformNames.put(b.symbolicName(), same);
            }
            same.add(b);
        }
        for (Location location : lookup.locations) {
            lookup.scanTaskFolder(location, platformNames);
        }
        index.save();
        return lookup;
    }

    private void scanTaskFolder(Location location, Map<String, List<BundleManifest>> platformNames) {
        for (Path jar : jars(location.folder())) {
            BundleManifest bundle;
            try {
                bundle = index.read(jar);
            } catch (BundleManifest.InvalidBundleException e) {
                skipped.add(new Skipped(location, jar, e.getMessage(), e.declared(), null));
                continue;
            }
            List<BundleManifest> platformCopies = platformNames.get(bundle.symbolicName());
            if (platformCopies != null) {
                if (sameVersion(bundle, platformCopies) && !isPlatformCore(bundle.symbolicName())) {
                    // the platform's own copy of a library (slf4j-api, Felix Log, Jackson), as Maven hands it
                    // to an author: one copy is enough, and there is nothing to say
                    continue;
                }
                if (isInfrastructure(bundle.symbolicName())) {
                    replaced.add(new Skipped(location, jar, "carries its own copy of the platform bundle "
                            + bundle.symbolicName() + "; the platform's bundles/ win", null, bundle.symbolicName()));
                    continue;
                }
                if (sameVersion(bundle, platformCopies)) {
                    // the library the platform ships, as Maven hands it to an author: one copy is enough
                    continue;
                }
            }
            if (!bundle.mayDeclare(TaskDefinition.NAMESPACE)) {
                // a library (300 of them cost what this loop does per jar: keep it to a look at one header)
                taskFolderBundles.add(bundle);
                continue;
            }
            List<TaskDeclaration> found = new ArrayList<>();
            String invalid = null;
            String invalidName = null;
            for (BundleManifest.Capability c : bundle.capabilities(TaskDefinition.NAMESPACE)) {
                Object name = c.attributes().get(TaskDefinition.NAMESPACE);
                if (name == null || !TaskNames.valid(name.toString())) {
                    invalid = "declares a task name outside [A-Za-z0-9_-]{1,64}: '" + name + "'";
                    break;
                }
                try {
                    found.add(new TaskDeclaration(name.toString(), location, bundle, TaskSettings.of(c.attributes())));
                } catch (IllegalArgumentException e) {
                    invalid = "declares task '" + name + "' with " + e.getMessage();
                    invalidName = name.toString();
                    break;
                }
            }
            if (invalid != null) {
                skipped.add(new Skipped(location, jar, invalid, invalidName == null ? null
                        : TaskDefinition.NAMESPACE + "=" + invalidName, null));
                continue;
            }
            declarations.addAll(found);
            taskFolderBundles.add(bundle);
        }
    }

    /**
     * The platform protects only its infrastructure from drop-ins: the OSGi specification
     * bundles, Felix's implementations of them (SCR) and its own bundles. Any other library in
     * {@code bundles/} (Jackson) is a candidate like a drop-in, and a drop-in of another version
     * coexists with it. (The framework itself is on the launcher's class path, not in bundles/.)
     */
    static boolean isInfrastructure(String symbolicName) {
        return symbolicName.startsWith("org.osgi.") || symbolicName.startsWith("osgi.")
                || symbolicName.startsWith("org.apache.felix.") || symbolicName.startsWith("dev.backgroundtasks.");
    }

    /** SCR, the OSGi specification APIs and the platform's own bundles: a copy of one always gets its warning. */
    private static boolean isPlatformCore(String symbolicName) {
        return symbolicName.equals("org.apache.felix.scr") || symbolicName.startsWith("org.osgi.")
                || symbolicName.startsWith("dev.backgroundtasks.");
    }

    private static boolean sameVersion(BundleManifest bundle, List<BundleManifest> others) {
        for (BundleManifest o : others) {
            if (o.version().equals(bundle.version())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The folder's {@code *.jar} entries in file-name order. Start-up design: no glob (a regular expression
     * matched per entry) and no file name made per comparison: 300 jars listed and sorted in 10-13 ms instead
     * of 24-41 in a standalone cold JVM, about 3 ms less inside a run (docs/performance.md, fifth pass).
     */
    private static List<Path> jars(Path folder) {
        List<NamedJar> named = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        String separator = folder.getFileSystem().getSeparator();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path p : stream) {
                // the whole path as a string once (the manifest index's key), its file name cut from it
                String path = p.toString();
                if (path.endsWith(".jar")) {
                    // a directory, a FIFO or a dangling link is skipped with a reason by the index
                    named.add(new NamedJar(path.substring(path.lastIndexOf(separator) + separator.length()), p));
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // An unreadable folder holds no candidates; lookup goes on with the others.
        }
        java.util.Collections.sort(named);
        List<Path> jars = new ArrayList<>(named.size());
        for (NamedJar n : named) {
            jars.add(n.path());
        }
        return jars;
    }

    /** The winning declaration of a name, with the warnings the choice produced. */
    public record Found(Optional<TaskDeclaration> task, List<String> warnings) {
    }

    /**
     * The first location that declares the name wins; in it the highest Bundle-Version, then the last
     * file name in sort order (the order of {@link #declarations}).
     */
    public Found find(String name) {
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
    public boolean isShadowed(TaskDeclaration declaration) {
        return find(declaration.name()).task().map(w -> w != declaration).orElse(false);
    }

    /** Warnings about jars that were skipped, naming each file. */
    public List<String> skippedWarnings() {
        List<String> warnings = new ArrayList<>();
        for (Skipped s : skipped) {
            warnings.add(s.file().toString().isEmpty() ? s.reason() : "skipping " + s.file() + ": " + s.reason());
        }
        return warnings;
    }

    /**
     * Warnings about drop-ins skipped for a platform bundle that this closure installs instead: a run
     * that would not have installed them says nothing (no warning on every task's run).
     */
    public List<String> replacedWarnings(List<BundleManifest> closure) {
        List<String> warnings = new ArrayList<>();
        for (Skipped s : replaced) {
            for (BundleManifest b : closure) {
                if (b.symbolicName().equals(s.platformBundle())) {
                    warnings.add("skipping " + s.file() + ": " + s.reason());
                    break;
                }
            }
        }
        return warnings;
    }

    /**
     * Library drop-ins (bundles of the task folders that declare no task) that no winning task's
     * closure installs: a version no range asks for, or a library nothing imports ({@code --list-tasks}).
     */
    public List<Skipped> unusedLibraries(BundleClosure closures) {
        java.util.Set<BundleManifest> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (TaskDeclaration d : declarations) {
            used.add(d.bundle());
            if (!isShadowed(d)) {
                used.addAll(closures.of(d.bundle(), candidates()));
            }
        }
        List<Skipped> unused = new ArrayList<>();
        for (BundleManifest b : taskFolderBundles) {
            if (!used.contains(b)) {
                Location where = null;
                for (Location l : locations) {
                    if (b.file().startsWith(l.folder())) {
                        where = l;
                    }
                }
                unused.add(new Skipped(where, b.file(), "no task's closure installs " + b.symbolicName() + " "
                        + b.version()));
            }
        }
        return unused;
    }

    public List<TaskDeclaration> declarations() {
        return declarations;
    }

    /** The skipped jar that seems to declare the task, if one does. */
    public Optional<Skipped> skippedDeclaring(String task) {
        return skipped.stream().filter(s -> s.mayDeclare(task)).findFirst();
    }

    /** Every skipped jar: the invalid ones, then the drop-ins replaced by a platform bundle. */
    public List<Skipped> skipped() {
        List<Skipped> all = new ArrayList<>(skipped);
        all.addAll(replaced);
        return all;
    }

    public List<Location> locations() {
        return locations;
    }

    List<BundleManifest> platformBundles() {
        return platformBundles;
    }

    /** Candidates for resolution, in preference order: the platform's bundles, then app, toolkit, testing. */
    public List<BundleManifest> candidates() {
        List<BundleManifest> all = new ArrayList<>(platformBundles);
        all.addAll(taskFolderBundles);
        return all;
    }
}
