package dev.backgroundtasks.task.diagnostics.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * Shows the platform at work: the installation, the Java runtime, the locations searched for tasks
 * and the tasks each holds, the profile of this run, and the bundles this run installed (only this
 * task's resolution closure).
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "diagnostics", minRuntimeMs = 0)
public class DiagnosticsTask implements BackgroundTask {
    private static final Pattern TASK_NAME = Pattern.compile("dev\\.backgroundtasks\\.task=\"?([A-Za-z0-9_-]+)");

    private final BundleContext bundleContext;

    @Activate
    public DiagnosticsTask(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        PrintStream out = System.out;
        Path installation = Path.of(bundleContext.getProperty(FrameworkProperties.INSTALLATION));
        out.println("Background Tasks for OSGi: diagnostics");
        out.println("installation: " + installation);
        out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.home") + ")");
        out.println("mode: " + bundleContext.getProperty(FrameworkProperties.MODE));
        out.println("profile: " + context.profileDirectory() + (context.isEphemeralProfile() ? " (ephemeral)" : ""));
        out.println("arguments: " + context.commandLine().arguments());
        out.println("locations searched, in order:");
        List<Path> locations = new ArrayList<>(List.of(installation.resolve("app/backgroundtasks"),
                installation.resolve("toolkit/backgroundtasks")));
        String testing = System.getenv("BACKGROUNDTASKS_TESTING_DIR");
        if (testing != null && !testing.isEmpty() && Files.isDirectory(Path.of(testing))) {
            locations.add(Path.of(testing));
        }
        for (Path location : locations) {
            out.println("  " + location);
            for (Path jar : jars(location)) {
                out.println("    " + jar.getFileName() + ": " + tasksOf(jar));
            }
        }
        String configurations = bundleContext.getProperty(FrameworkProperties.CONFIGURATIONS);
        out.println("configurations in " + installation.resolve("conf") + " (secret values masked):");
        if (configurations != null) {
            configurations.lines().forEach(l -> out.println("  " + l));
        }
        out.println("bundles installed by this run:");
        for (Bundle b : bundleContext.getBundles()) {
            out.printf("  %-3d %-45s %-20s %s%n", b.getBundleId(), b.getSymbolicName(), b.getVersion(), state(b));
        }
        return CompletableFuture.completedFuture(0);
    }

    private static List<Path> jars(Path folder) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.jar")) {
                s.forEach(jars::add);
            } catch (IOException e) {
                // an unreadable folder shows as empty
            }
        }
        jars.sort(null);
        return jars;
    }

    private static String tasksOf(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String caps = m == null ? null : m.getMainAttributes().getValue("Provide-Capability");
            List<String> names = new ArrayList<>();
            if (caps != null) {
                Matcher matcher = TASK_NAME.matcher(caps);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
            return names.isEmpty() ? "(library)" : String.join(", ", names);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String state(Bundle b) {
        switch (b.getState()) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.STARTING: return "STARTING";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED";
            default: return String.valueOf(b.getState());
        }
    }
}
