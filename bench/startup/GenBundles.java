import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Writes COUNT small, real, unrelated OSGi bundles into OUT_DIR for the start-up benchmark.
 *
 * <p>Run with the JDK's source launcher: {@code java GenBundles.java OUT_DIR [COUNT]} (default 300).
 * Every bundle has a manifest with {@code Bundle-ManifestVersion: 2}, a unique
 * {@code Bundle-SymbolicName}, a {@code Bundle-Version}, and an {@code Export-Package} of a package
 * holding one compiled class. Every third bundle also imports the package of the bundle before it
 * (and its class uses that bundle's class), so the set has real wiring for a resolver to do. None of
 * them declares a background task. The classes are compiled by the JDK's {@code javac} in one call and
 * packed by the JDK's {@code jar} tool, both through {@link ToolProvider} so that 300 jars cost one JVM.
 */
public final class GenBundles {
    private static final String PREFIX = "bench.unrelated.b";

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java GenBundles.java OUT_DIR [COUNT]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path work = Files.createTempDirectory("genbundles");
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(out);
        Files.createDirectories(classes);

        List<String> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String pkg = pkg(i);
            Path dir = src.resolve(pkg.replace('.', '/'));
            Files.createDirectories(dir);
            String field = imports(i) >= 0
                    ? "    private final " + pkg(imports(i)) + "." + cls(imports(i)) + " previous = new "
                            + pkg(imports(i)) + "." + cls(imports(i)) + "();\n"
                            + "    public Object previous() { return previous; }\n"
                    : "";
            String java = "package " + pkg + ";\n\n"
                    + "/** Unrelated bundle " + i + " of the start-up benchmark. */\n"
                    + "public class " + cls(i) + " {\n"
                    + field
                    + "    public int id() { return " + i + "; }\n"
                    + "    @Override public String toString() { return \"" + cls(i) + "\"; }\n"
                    + "}\n";
            Path file = dir.resolve(cls(i) + ".java");
            Files.writeString(file, java, StandardCharsets.UTF_8);
            sources.add(file.toString());
        }

        List<String> javacArgs = new ArrayList<>(List.of("--release", "17", "-nowarn", "-d", classes.toString()));
        javacArgs.addAll(sources);
        run("javac", javacArgs);

        for (int i = 0; i < count; i++) {
            StringBuilder mf = new StringBuilder()
                    .append("Manifest-Version: 1.0\n")
                    .append("Bundle-ManifestVersion: 2\n")
                    .append("Bundle-SymbolicName: ").append(pkg(i)).append('\n')
                    .append("Bundle-Name: Start-up benchmark unrelated bundle ").append(i).append('\n')
                    .append("Bundle-Version: 1.0.").append(i).append('\n')
                    .append("Export-Package: ").append(pkg(i)).append(";version=\"1.0.").append(i).append("\"\n");
            if (imports(i) >= 0) {
                mf.append("Import-Package: ").append(pkg(imports(i))).append(";version=\"[1.0,2)\"\n");
            }
            Path manifest = work.resolve("MANIFEST-" + i + ".MF");
            Files.writeString(manifest, mf.toString(), StandardCharsets.UTF_8);
            Path jar = out.resolve(pkg(i) + "-1.0." + i + ".jar");
            run("jar", List.of("--create", "--file", jar.toString(), "--manifest", manifest.toString(),
                    "-C", classes.toString(), pkg(i).replace('.', '/')));
        }
        deleteTree(work);
        System.out.println("wrote " + count + " bundles to " + out);
    }

    /** The bundle whose package bundle i imports, or -1: every third bundle imports its predecessor. */
    private static int imports(int i) {
        return i % 3 == 1 ? i - 1 : -1;
    }

    private static String pkg(int i) {
        return String.format("%s%03d", PREFIX, i);
    }

    private static String cls(int i) {
        return String.format("Unrelated%03d", i);
    }

    private static void run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException("this JDK has no " + tool + " tool"));
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output);
        int rc = provider.run(writer, writer, args.toArray(String[]::new));
        writer.flush();
        if (rc != 0) {
            System.err.println(tool + " failed (" + rc + "): " + output);
            System.exit(1);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
