import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * {@code java OneComponent.java IN_JAR OUT_JAR DESCRIPTOR [TASK]}: copies a bundle, keeping only DESCRIPTOR
 * (for example {@code OSGI-INF/dev.backgroundtasks.testing.task.success.internal.SuccessTask.xml}) in its
 * {@code Service-Component} header. With TASK, the copy declares only that task, with {@code warmHost=true},
 * under a symbolic name of its own: run.sh's warm path (W) runs the {@code success} task's copy from app/.
 */
public final class OneComponent {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String descriptor = args[2];
        try (JarFile jar = new JarFile(in.toFile(), false)) {
            Manifest manifest = new Manifest(jar.getManifest());
            String components = manifest.getMainAttributes().getValue("Service-Component");
            if (components == null || !components.contains(descriptor)) {
                throw new IllegalArgumentException(in + " declares no component " + descriptor);
            }
            manifest.getMainAttributes().putValue("Service-Component", descriptor);
            if (args.length > 3) {
                warmTask(manifest.getMainAttributes(), args[3]);
            }
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream target = new JarOutputStream(os, manifest)) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (e.getName().equals(JarFile.MANIFEST_NAME) || e.getName().equals("META-INF/")) {
                        continue;
                    }
                    target.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream data = jar.getInputStream(e)) {
                        data.transferTo(target);
                    }
                    target.closeEntry();
                }
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Keeps only TASK's task capability (and the other namespaces), with warmHost=true. */
    private static void warmTask(java.util.jar.Attributes main, String task) {
        String caps = main.getValue("Provide-Capability");
        StringBuilder kept = new StringBuilder();
        boolean found = false;
        for (String clause : caps.split(",(?=[a-z][\\w.]*;)")) {
            if (clause.startsWith("dev.backgroundtasks.task;")) {
                if (!clause.contains("dev.backgroundtasks.task=" + task + ";")) {
                    continue;
                }
                found = true;
                clause = clause.contains("warmHost=") ? clause.replaceAll("warmHost=\\w+", "warmHost=true")
                        : clause + ";warmHost=true";
            }
            kept.append(kept.length() == 0 ? "" : ",").append(clause);
        }
        if (!found) {
            throw new IllegalArgumentException("no task " + task + " in " + caps);
        }
        main.putValue("Provide-Capability", kept.toString());
        main.putValue("Bundle-SymbolicName", "dev.backgroundtasks.bench.warm." + task);
    }
}
