package dev.backgroundtasks.testing.exam;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.testing.Distribution;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;
import dev.backgroundtasks.testing.internal.Trees;

/**
 * The platform in a pax-exam test, as the launcher gives it to a task: one option, then the task's
 * own bundle.
 *
 * <pre>{@code
 * @Configuration
 * public Option[] config() {
 *     return options(BackgroundTasksOptions.platform(), BackgroundTasksOptions.taskBundle(TASK_BUNDLE));
 * }
 * }</pre>
 *
 * <p>{@link #platform()} provisions:
 * <ul>
 * <li>the packages {@code dev.backgroundtasks.api} and {@code dev.backgroundtasks.scheduler} exported by
 * the system bundle from the test's class path, with the versions and {@code uses:} of their jars, exactly
 * as the launcher exports them (their bundles are never installed), so the task, the test probe and the
 * test's own code share one copy; likewise {@link FrameworkTaskRun}'s package, to run a task in the
 * framework;</li>
 * <li>every bundle of the installation's {@code bundles/} (SCR and the OSGi APIs it needs, and whatever the
 * platform ships there), installed and started, from the same distribution {@link Distribution} locates
 * for the black-box tests ({@link #platformReplacing} puts a build's own copies of some in their place);</li>
 * <li>JUnit's bundles for the probe, and the framework property {@code dev.backgroundtasks.mode=background}.</li>
 * </ul>
 *
 * <p>pax-exam provisions its own bundles through {@code mvn:} links. Unless the build set them, this
 * option makes them resolve from the local Maven repository only, never the network:
 * {@code org.ops4j.pax.url.mvn.localRepository} (from {@value Distribution#LOCAL_REPOSITORY_PROPERTY},
 * {@code maven.repo.local} or {@code ~/.m2/repository}), no remote repositories. The build must have put
 * them there (the archetype's pom resolves them with {@code maven-dependency-plugin:copy}).
 */
public final class BackgroundTasksOptions {
    private static final String[] PLATFORM_PACKAGES = {FrameworkProperties.API_PACKAGE, FrameworkProperties.SCHEDULER_PACKAGE};

    /** Installations unpacked by this JVM, by distribution; removed when it exits. */
    private static final Map<Path, Path> UNPACKED = new ConcurrentHashMap<>();

    private BackgroundTasksOptions() {
    }

    /** The platform from the distribution {@link Distribution#locate()} finds. */
    public static Option platform() {
        return platform(Distribution.locate());
    }

    /**
     * The platform with {@code jars} in place of the installation's bundles of the same symbolic names (a
     * platform bundle the test's build just made, tested in the platform it ships in), installed and
     * started; a jar whose symbolic name {@code bundles/} lacks is added. A symbolic name is installed
     * once: two copies of a platform bundle would register its services twice.
     */
    public static Option platformReplacing(Path... jars) {
        Map<String, Path> replacements = new LinkedHashMap<>();
        for (Path jar : jars) {
            taskBundle(jar); // the same check: the jar was built
            replacements.put(symbolicName(jar), jar.toAbsolutePath().normalize());
        }
        return platform(Distribution.locate(), replacements);
    }

    /** The platform from a distribution zip or an installation folder. */
    public static Option platform(Path distribution) {
        return platform(distribution, Map.of());
    }

    private static Option platform(Path distribution, Map<String, Path> replacements) {
        offlineMavenLinks();
        Path installation = installation(distribution.toAbsolutePath().normalize());
        List<Option> options = new ArrayList<>();
        options.add(systemPackages(platformPackages()));
        options.add(frameworkProperty(FrameworkProperties.MODE).value(FrameworkProperties.MODE_BACKGROUND));
        options.add(frameworkProperty(FrameworkProperties.INSTALLATION).value(installation.toString()));
        options.add(frameworkProperty(FrameworkProperties.RUNTIME_DIR).value(RuntimeDirectory.PATH.toString()));
        options.add(junitBundles());
        List<Path> jars = new ArrayList<>(platformBundles(installation));
        jars.removeIf(jar -> replacements.containsKey(symbolicName(jar)));
        jars.addAll(replacements.values());
        for (Path jar : jars) {
            // a fragment (the platform's SLF4J provider) is attached to its host, never started
            options.add(bundle(jar.toUri().toString()).start(mainAttribute(jar, "Fragment-Host") == null));
        }
        return composite(options.toArray(Option[]::new));
    }

    /** A bundle file (the task bundle the build just packaged), installed and started. */
    public static Option taskBundle(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no bundle at " + jar + " (was the project packaged? run the test in "
                    + "the integration-test phase)");
        }
        return bundle(jar.toAbsolutePath().toUri().toString());
    }

    /**
     * Library bundles the task needs (its project's runtime dependencies, {@code RuntimeBundles.list()}),
     * installed and started like the task bundle. The framework sees only the bundles given: a package
     * the task imports and no bundle exports leaves the task unresolved, as it would be in an installation.
     */
    public static Option bundles(Path... jars) {
        List<Option> options = new ArrayList<>();
        for (Path jar : jars) {
            options.add(taskBundle(jar));
        }
        return composite(options.toArray(Option[]::new));
    }

    /** The system packages the launcher adds, read from the API jars on this class path, and the runner's. */
    static String[] platformPackages() {
        List<String> packages = new ArrayList<>();
        for (String name : PLATFORM_PACKAGES) {
            packages.add(exportClause(name));
        }
        packages.add(FrameworkTaskRun.class.getPackageName());
        packages.add(FrameworkProperties.JDK_NET_PACKAGE); // the launcher gives it to the framework for the actors (docs/actors.md)
        return packages.toArray(String[]::new);
    }

    /** The clause of {@code Export-Package} that exports {@code packageName}, from the jar or folder holding it. */
    static String exportClause(String packageName) {
        String folder = packageName.replace('.', '/') + "/";
        ClassLoader loader = BackgroundTasksOptions.class.getClassLoader();
        String resource = folder + "package-info.class";
        URL url = loader.getResource(resource);
        if (url == null) {
            resource = folder;
            url = loader.getResource(resource);
        }
        if (url == null) {
            throw new IllegalStateException(packageName + " is not on the test class path: add the dependency "
                    + "dev.backgroundtasks:" + packageName + " (scope provided), as a task bundle has it");
        }
        Manifest manifest = manifestOf(url, resource);
        String exports = manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
        if (exports != null) {
            for (String clause : ManifestClauses.split(exports)) {
                if (ManifestClauses.names(clause).contains(packageName)) {
                    return ManifestClauses.withName(clause, packageName);
                }
            }
        }
        throw new IllegalStateException("the copy of " + packageName + " at " + url + " is not the platform's bundle "
                + "(its manifest does not export the package)");
    }

    private static Manifest manifestOf(URL url, String resource) {
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    return jar.getManifest();
                }
            }
            String text = url.toString();
            if ("file".equals(url.getProtocol()) && text.endsWith(resource)) {
                Path root = Path.of(new URL(text.substring(0, text.length() - resource.length())).toURI());
                Path file = root.resolve("META-INF").resolve("MANIFEST.MF");
                if (Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        return new Manifest(in);
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path installation(Path distribution) {
        if (Files.isDirectory(distribution)) {
            return Trees.installationIn(distribution);
        }
        return UNPACKED.computeIfAbsent(distribution, zip -> Trees.unzipInstallation(zip, temporaryFolder("bt-exam-")));
    }

    /** A new private folder, removed when this JVM exits (after pax-exam stopped the framework). */
    private static Path temporaryFolder(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Trees.remove(folder), "remove " + folder));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The installation's {@code bundles/}; SCR last, so the API bundles it needs are there when it starts. */
    private static List<Path> platformBundles(Path installation) {
        try (Stream<Path> files = Files.list(installation.resolve("bundles"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().startsWith("org.apache.felix.scr"))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Bundle-SymbolicName} without its directives. */
    private static String symbolicName(Path jar) {
        String header = mainAttribute(jar, "Bundle-SymbolicName");
        if (header == null) {
            throw new IllegalArgumentException(jar + " is not a bundle (its manifest has no Bundle-SymbolicName)");
        }
        return header.split(";", 2)[0].trim();
    }

    private static String mainAttribute(Path jar, String name) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** pax-url-aether reads these when pax-exam resolves its own bundles' mvn: links. */
    private static void offlineMavenLinks() {
        System.getProperties().putIfAbsent("org.ops4j.pax.url.mvn.localRepository",
                Distribution.localRepository(System::getProperty).toString());
        System.getProperties().putIfAbsent("org.ops4j.pax.url.mvn.repositories", "");
        System.getProperties().putIfAbsent("org.ops4j.pax.url.mvn.useFallbackRepositories", "false");
    }

    /** The runtime directory the launcher would give the framework: private, one per JVM, made on first use. */
    private static final class RuntimeDirectory {
        static final Path PATH = temporaryFolder("bt-exam-rt-");
    }
}
