package dev.backgroundtasks.launcher.internal.lookup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import dev.backgroundtasks.internal.headers.HeaderClause;
import dev.backgroundtasks.launcher.internal.files.Installation;

/**
 * {@code conf/} of the installation: OSGi Configurator JSON resources (Compendium chapter 150), the source of
 * truth for the run's configurations. The platform hands them to the Apache Felix Configurator as one
 * resource ({@code configurator.initial}), supplying {@code :configurator:symbolic-name} and
 * {@code :configurator:version}, which a file from outside a bundle need not carry. Values keep their
 * {@code $[env:...]} and {@code $[secret:...]} placeholders here: the interpolation plugin replaces them only
 * when Configuration Admin hands a configuration to a component, so no secret passes through the launcher.
 */
public final class ConfFolder {
    static final String SECRETS_DIR_VARIABLE = "BACKGROUNDTASKS_SECRETS_DIR";
    public static final String INTERPOLATION = "org.apache.felix.configadmin.plugin.interpolation";
    private static final Pattern COMPONENT = Pattern.compile("<(?:[A-Za-z0-9_]+:)?component\\b([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z-]+)\\s*=\\s*\"([^\"]*)\"");

    /** A configuration of a file: its PID (the factory PID for {@code factory~name}) and its JSON value. */
    record Entry(Path file, String key, String value) {
        String pid() {
            int tilde = key.indexOf('~');
            return tilde < 0 ? key : key.substring(0, tilde);
        }
    }

    private final Path folder;
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfFolder(Path folder) {
        this.folder = folder;
    }

    /** Reads {@code *.json} in name order; a file that cannot be used is skipped with a warning. */
    public static ConfFolder of(Installation installation) {
        ConfFolder conf = new ConfFolder(installation.root().resolve("conf"));
        if (!Files.isDirectory(conf.folder, LinkOption.NOFOLLOW_LINKS)) {
            return conf;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(conf.folder, "*.json")) {
            s.forEach(files::add);
        } catch (IOException e) {
            conf.warnings.add("cannot read " + conf.folder + ": " + e.getMessage());
        }
        files.sort(null);
        for (Path file : files) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                for (Map.Entry<String, String> m : TopLevel.members(Files.readString(file, StandardCharsets.UTF_8)).entrySet()) {
                    if (!m.getKey().startsWith(":configurator:")) {
                        conf.entries.add(new Entry(file, m.getKey(), m.getValue()));
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                conf.warnings.add("skipping " + file + ": not a Configurator JSON resource (" + e.getMessage()
                        + "); fix it or remove it");
            }
        }
        return conf;
    }

    Path folder() {
        return folder;
    }

    List<Entry> entries() {
        return entries;
    }

    public List<String> warnings() {
        return warnings;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether a Declarative Services component of these bundles takes a configuration this folder holds. */
    public boolean configuresAny(List<BundleManifest> bundles) {
        if (entries.isEmpty()) {
            return false;
        }
        Set<String> pids = new TreeSet<>();
        entries.forEach(e -> pids.add(e.pid()));
        for (BundleManifest b : bundles) {
            for (String pid : componentPids(b.file())) {
                if (pids.contains(pid)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The configuration PIDs of a bundle's components (their names when they name none), policy ignore left out. */
    static Set<String> componentPids(Path jar) {
        Set<String> pids = new TreeSet<>();
        try (JarFile f = new JarFile(jar.toFile(), false)) {
            String header = f.getManifest() == null ? null : f.getManifest().getMainAttributes().getValue("Service-Component");
            if (header == null) {
                return pids;
            }
            for (HeaderClause clause : HeaderClause.parse(header)) {
                for (String path : clause.paths()) {
                    ZipEntry entry = f.getEntry(path);
                    if (entry == null) {
                        continue;
                    }
                    try (InputStream in = f.getInputStream(entry)) {
                        Matcher c = COMPONENT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        while (c.find()) {
                            Map<String, String> attributes = new LinkedHashMap<>();
                            Matcher a = ATTRIBUTE.matcher(c.group(1));
                            while (a.find()) {
                                attributes.put(a.group(1), a.group(2));
                            }
                            if ("ignore".equals(attributes.get("configuration-policy"))) {
                                continue;
                            }
                            String pid = attributes.getOrDefault("configuration-pid", attributes.get("name"));
                            if (pid != null) {
                                for (String p : pid.trim().split("\\s+")) {
                                    pids.add(p.equals("$") ? attributes.get("name") : p);
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a jar that cannot be read here fails visibly when the framework installs it
        }
        return pids;
    }

    /**
     * The framework properties that apply the folder: the Configurator's initial resource, the secrets
     * directory of the interpolation plugin, and Configuration Admin told to wait for that plugin, so that no
     * component ever sees an uninterpolated value.
     */
    public void frameworkProperties(Map<String, String> properties, Map<String, String> env) {
        properties.put("felix.cm.config.plugins", INTERPOLATION);
        String secrets = env.get(SECRETS_DIR_VARIABLE);
        if (secrets != null && !secrets.isEmpty()) {
            properties.put(INTERPOLATION + ".secretsdir", secrets);
        }
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder json = new StringBuilder("{\":configurator:resource-version\":1,")
                .append("\":configurator:symbolic-name\":\"backgroundtasks.conf\",")
                .append("\":configurator:version\":\"1.0.0\"");
        for (Entry e : entries) {
            json.append(',').append(TopLevel.quote(e.key())).append(':').append(e.value());
        }
        properties.put("configurator.initial", json.append('}').toString());
    }

    /**
     * One line per configuration, for the diagnostics task: the value as conf/ writes it, whitespace folded,
     * with each {@code $[secret:NAME]} shown as {@code ******** (secret NAME)}. A secret's value is never
     * read here; a string value under a key that names a password, secret, token or key is masked as well,
     * in case someone wrote one in clear.
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            String value = e.value().replaceAll("\\s+", " ")
                    .replaceAll("\\$\\[secret:([^\\]]*)\\]", "******** (secret $1)")
                    .replaceAll("(\"[^\"]*(?i:password|secret|token|key)[^\"]*\"\\s*:\\s*)\"(?!\\*)[^\"]*\"", "$1\"********\"");
            b.append(e.file().getFileName()).append(": ").append(e.key()).append(' ').append(value).append('\n');
        }
        return b.toString().strip();
    }

    /**
     * The members of a JSON object's top level as raw text, comments allowed (the Configurator's JSON
     * allows them): enough to know the PIDs and to merge files, the values left to the Configurator.
     */
    static final class TopLevel {
        private final String text;
        private int i;

        private TopLevel(String text) {
            this.text = text;
        }

        static Map<String, String> members(String text) {
            TopLevel t = new TopLevel(text);
            Map<String, String> members = new LinkedHashMap<>();
            t.skipBlank();
            t.expect('{');
            t.skipBlank();
            if (t.peek() == '}') {
                return members;
            }
            while (true) {
                t.skipBlank();
                String key = t.string();
                t.skipBlank();
                t.expect(':');
                int start = t.i;
                t.value();
                if (members.put(key, text.substring(start, t.i).trim()) != null) {
                    throw new IllegalArgumentException("the key \"" + key + "\" appears twice");
                }
                t.skipBlank();
                char c = t.next();
                if (c == '}') {
                    return members;
                }
                if (c != ',') {
                    throw t.error("',' or '}'");
                }
            }
        }

        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        private void value() {
            skipBlank();
            char c = peek();
            if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                int depth = 0;
                do {
                    skipBlank();
                    char d = peek();
                    if (d == '"') {
                        string();
                        continue;
                    }
                    i++;
                    if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        depth--;
                    }
                } while (depth > 0);
            } else {
                while (i < text.length() && ",}] \t\r\n/".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = next();
                    b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                } else {
                    b.append(c);
                }
            }
        }

        private void skipBlank() {
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (text.startsWith("//", i)) {
                    int end = text.indexOf('\n', i);
                    i = end < 0 ? text.length() : end + 1;
                } else if (text.startsWith("/*", i)) {
                    int end = text.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw error("the end of a comment");
                    }
                    i = end + 2;
                } else {
                    return;
                }
            }
        }

        private char peek() {
            if (i >= text.length()) {
                throw error("more text");
            }
            return text.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                i--;
                throw error("'" + c + "'");
            }
        }

        private IllegalArgumentException error(String expected) {
            int line = 1;
            for (int k = 0; k < Math.min(i, text.length()); k++) {
                if (text.charAt(k) == '\n') {
                    line++;
                }
            }
            return new IllegalArgumentException("line " + line + ": expected " + expected);
        }
    }
}
