package dev.backgroundtasks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The launcher's packages are layers (docs/architecture.md): a package may use the ones before it in
 * {@link #LAYERS}, never one after it. Read from the compiled classes' constant pools, so that every
 * reference counts: types, fields, method descriptors and generic signatures.
 */
class LauncherLayersTest {
    private static final String ROOT = "dev/backgroundtasks/launcher/";
    /** Bottom first. The launcher's own package ({@code Main}) is the top. */
    static final List<String> LAYERS = List.of("internal/output", "internal/files", "internal/lookup", "internal/cli",
            "internal/profile", "internal/updates", "internal/process", "internal/run", "internal/warm", "");
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(ROOT) + "([\\w/]*?)/?(\\w+)(?=[;<$.]|$)");

    @Test
    void everyPackageUsesOnlyTheLayersBeforeIt() throws IOException {
        Path classes = classesFolder();
        List<String> violations = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> walk = Files.walk(classes.resolve(ROOT))) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                int from = layerOf(packageOf(name));
                assertTrue(from >= 0, name + " is in no layer of " + LAYERS + ": add its package to docs/architecture.md and here");
                checked++;
                for (String referenced : referencedClasses(file)) {
                    if (!Files.isRegularFile(classes.resolve(referenced + ".class"))) {
                        continue; // a resource path in a string, not a class
                    }
                    int to = layerOf(packageOf(referenced));
                    if (to > from) {
                        violations.add(name + " -> " + referenced);
                    }
                }
            }
        }
        assertTrue(checked > 40, "only " + checked + " classes found under " + classes);
        assertEquals(List.of(), violations, "a package uses a later layer");
    }

    @Test
    void aLowerLayerUsingAHigherOneIsCaught() throws IOException {
        // the rule can fail: Main (the top) uses the run layer, which is lower
        Set<String> used = referencedClasses(classesFolder().resolve(ROOT + "Main.class"));
        assertTrue(used.stream().anyMatch(c -> layerOf(packageOf(c)) == LAYERS.indexOf("internal/run")), used.toString());
        assertTrue(layerOf("internal/run") < layerOf(""));
    }

    private static Path classesFolder() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The package below {@value #ROOT} of a class file name or internal class name. */
    private static String packageOf(String internalName) {
        String rest = internalName.substring(ROOT.length());
        int slash = rest.lastIndexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash);
    }

    private static int layerOf(String pkg) {
        return LAYERS.indexOf(pkg);
    }

    /** Every name under the launcher's package in the class file's constant pool (internal names). */
    static Set<String> referencedClasses(Path classFile) throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> { // Utf8: class names, descriptors and signatures all live here
                        Matcher m = REFERENCE.matcher(in.readUTF());
                        while (m.find()) {
                            names.add(m.group().replaceAll("\\$.*", ""));
                        }
                    }
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2); // Class, String, MethodType, Module, Package
                    case 15 -> in.skipBytes(3); // MethodHandle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> { // Long, Double take two slots
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return names;
    }
}
