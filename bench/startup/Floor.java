import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.api.BackgroundTask;

/**
 * Floors for the start-up benchmark: the same {@code success} task with none of the launcher's own
 * work, compiled by phases.sh against launcher.jar and run as {@code java -cp launcher.jar:DIR Floor MODE INSTALL}.
 *
 * <ul>
 *   <li>{@code felix}: Felix 7.0.5 from launcher.jar with a fresh storage, the same five bundles the
 *       launcher installs for {@code success} (the {@code success} task's bundle, SCR, the DS API, promise,
 *       function) installed by reference, started, the task's service got (SCR activates the
 *       component), run, and the framework stopped: what Felix + SCR cost by themselves.</li>
 *   <li>{@code plain}: the task class loaded from the task bundle's jar by a plain URLClassLoader and
 *       run, no framework at all: what a design that skips OSGi at run time would pay.</li>
 * </ul>
 */
public final class Floor {
    private static final String TASK_CLASS = "dev.backgroundtasks.testing.task.success.internal.SuccessTask";

    public static void main(String[] args) throws Exception {
        Path install = Path.of(args[1]);
        Path taskJar = install.resolve("testing/backgroundtasks/dev.backgroundtasks.testing.task.success.jar");
        int code = switch (args[0]) {
            case "felix" -> felix(install, taskJar);
            case "plain" -> plain(taskJar);
            default -> throw new IllegalArgumentException("mode felix or plain, got " + args[0]);
        };
        System.exit(code);
    }

    private static int plain(Path taskJar) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {taskJar.toUri().toURL()}, Floor.class.getClassLoader())) {
            BackgroundTask task = (BackgroundTask) loader.loadClass(TASK_CLASS).getConstructor().newInstance();
            return result(task.run(null));
        }
    }

    private static int felix(Path install, Path taskJar) throws Exception {
        Properties build = new Properties();
        try (InputStream in = Floor.class.getResourceAsStream("/dev/backgroundtasks/launcher/launcher.properties")) {
            build.load(in);
        }
        Path storage = Files.createTempDirectory("floor-felix");
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "dev.backgroundtasks.api;version=\"" + build.getProperty("api.package.version")
                        + "\";uses:=\"dev.backgroundtasks.scheduler\",dev.backgroundtasks.scheduler;version=\""
                        + build.getProperty("scheduler.package.version") + "\"");
        config.put("ds.loglevel", "error");
        Felix framework = new Felix(config);
        int code;
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            List<Path> jars = new ArrayList<>(List.of(taskJar));
            try (var s = Files.newDirectoryStream(install.resolve("bundles"), "*.jar")) {
                s.forEach(p -> {
                    String n = p.getFileName().toString();
                    if (n.startsWith("org.apache.felix.scr-") || n.startsWith("org.osgi.service.component-")
                            || n.startsWith("org.osgi.util.promise-") || n.startsWith("org.osgi.util.function-")) {
                        jars.add(p);
                    }
                });
            }
            if (jars.size() != 5) {
                throw new IllegalStateException("expected the task bundle and 4 library bundles, found " + jars);
            }
            List<Bundle> bundles = new ArrayList<>();
            for (Path jar : jars) {
                bundles.add(context.installBundle("reference:" + jar.toUri()));
            }
            framework.start();
            for (Bundle b : bundles) {
                b.start();
            }
            ServiceReference<BackgroundTask> ref = null;
            for (ServiceReference<BackgroundTask> r : context.getServiceReferences(BackgroundTask.class, null)) {
                if (TASK_CLASS.equals(r.getProperty("component.name"))) {
                    ref = r;
                }
            }
            if (ref == null) {
                throw new IllegalStateException("no service for " + TASK_CLASS);
            }
            code = result(context.getService(ref).run(null));
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
            deleteTree(storage);
        }
        return code;
    }

    private static int result(CompletionStage<Integer> stage) throws Exception {
        return stage.toCompletableFuture().get();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
