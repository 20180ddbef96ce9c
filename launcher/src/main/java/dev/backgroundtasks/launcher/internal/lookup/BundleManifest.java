package dev.backgroundtasks.launcher.internal.lookup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import dev.backgroundtasks.internal.headers.HeaderClause;

/**
 * A bundle as its manifest describes it, read without a framework: identity, capabilities and
 * requirements in the generic OSGi form, so that lookup and the resolution closure need nothing else.
 */
public final class BundleManifest {
    static final String PACKAGE_NAMESPACE = "osgi.wiring.package";
    static final String BUNDLE_NAMESPACE = "osgi.wiring.bundle";
    static final String SERVICE_NAMESPACE = "osgi.service";

    /**
     * The headers lookup reads, each in its slot of a headers array (null when absent): what the manifest
     * index keeps of a jar. Start-up design: a bundle known to the index is made from its slots, with no
     * {@link Attributes} and no {@code Attributes.Name} per header and per look (docs/performance.md, sixth pass).
     */
    static final List<String> HEADERS = List.of("Bundle-SymbolicName", "Bundle-ManifestVersion", "Bundle-Version",
            "Fragment-Host", "Export-Package", "Import-Package", "Require-Bundle", "Require-Capability",
            "Provide-Capability");
    static final int SYMBOLIC_NAME = 0;
    static final int MANIFEST_VERSION = 1;
    static final int VERSION = 2;
    static final int FRAGMENT_HOST = 3;
    static final int EXPORT_PACKAGE = 4;
    static final int IMPORT_PACKAGE = 5;
    static final int REQUIRE_BUNDLE = 6;
    static final int REQUIRE_CAPABILITY = 7;
    static final int PROVIDE_CAPABILITY = 8;

    /** A capability; its directives ({@code uses}) matter only when a closure is resolved as a whole. */
    record Capability(String namespace, Map<String, Object> attributes, Map<String, String> directives) {
        Capability(String namespace, Map<String, Object> attributes) {
            this(namespace, attributes, Map.of());
        }
    }

    /**
     * A requirement. Its filter is built on first use: lookup parses every candidate's manifest, but
     * only the requirements of bundles in a task's closure are ever matched (start-up cost).
     */
    public static final class Requirement {
        private final String namespace;
        private final String filterText;
        private final boolean optional;
        private final boolean effectiveActive;
        private Filter filter;
        private String packageName;

        Requirement(String namespace, String filterText, Filter filter, boolean optional, boolean effectiveActive) {
            this.namespace = namespace;
            this.filterText = filterText;
            this.filter = filter;
            this.optional = optional;
            this.effectiveActive = effectiveActive;
        }

        String namespace() {
            return namespace;
        }

        public String filterText() {
            return filterText;
        }

        public boolean optional() {
            return optional;
        }

        boolean effectiveActive() {
            return effectiveActive;
        }

        /** The filter, or null for a requirement of the whole namespace. */
        synchronized Filter filter() {
            if (filter == null && filterText != null) {
                try {
                    filter = FrameworkUtil.createFilter(filterText);
                } catch (InvalidSyntaxException e) {
                    throw new IllegalStateException("a generated filter is invalid: " + filterText, e);
                }
            }
            return filter;
        }

        /** The package an {@code osgi.wiring.package} requirement names, found once (the closure asks per candidate). */
        synchronized String packageName() {
            if (packageName == null) {
                packageName = SystemBundleCapabilities.packageOf(filter());
            }
            return packageName;
        }

        boolean matches(Capability capability) {
            return capability.namespace().equals(namespace)
                    && (filterText == null || filter().matches(capability.attributes()));
        }

        @Override
        public String toString() {
            return namespace + (filterText == null ? "" : " " + filterText);
        }
    }

    private final Path file;
    private final String symbolicName;
    /** Parsed on first use for a bundle known to the index, whose version was valid when it was recorded. */
    private Version version;
    private final String versionText;
    private String fragmentHost;
    private final boolean fragment;
    private List<Capability> capabilities;
    private List<Requirement> requirements;
    /** Set for a manifest from the index: its header slots, parsed on first use. */
    private String[] unparsed;

    private BundleManifest(Path file, String symbolicName, Version version, String versionText, boolean fragment,
            List<Capability> capabilities, List<Requirement> requirements) {
        this.file = file;
        this.symbolicName = symbolicName;
        this.version = version;
        this.versionText = versionText;
        this.fragment = fragment;
        this.capabilities = capabilities;
        this.requirements = requirements;
    }

    /** Reads a jar's manifest; throws InvalidBundleException saying why it is not a usable bundle. */
    public static BundleManifest read(Path file) throws InvalidBundleException {
        return of(file, headers(file));
    }

    /** The slots of the headers lookup reads (see {@link #HEADERS}), from the jar's manifest. */
    static String[] headers(Path file) throws InvalidBundleException {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        } catch (IOException | SecurityException e) {
            throw new InvalidBundleException("not a valid jar (" + e.getMessage() + ")");
        }
        if (manifest == null) {
            throw new InvalidBundleException("not a bundle (no manifest)");
        }
        return headers(manifest.getMainAttributes());
    }

    static BundleManifest of(Path file, Attributes main) throws InvalidBundleException {
        return of(file, headers(main));
    }

    /** The slots of the headers lookup reads (see {@link #HEADERS}). */
    static String[] headers(Attributes main) {
        String[] headers = new String[HEADERS.size()];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = main.getValue(HEADERS.get(i));
        }
        return headers;
    }

    static BundleManifest of(Path file, String[] main) throws InvalidBundleException {
        String bsnHeader = main[SYMBOLIC_NAME];
        if (bsnHeader == null || bsnHeader.isBlank()) {
            throw new InvalidBundleException("not a bundle (no Bundle-SymbolicName)");
        }
        if (!"2".equals(trim(main[MANIFEST_VERSION]))) {
            throw new InvalidBundleException("not an OSGi R4+ bundle (Bundle-ManifestVersion is not 2)");
        }
        String header = "Bundle-SymbolicName";
        try {
            String symbolicName = HeaderClause.parse(bsnHeader).get(0).path();
            header = "Bundle-Version";
            Version version = Version.parseVersion(trim(main[VERSION]));
            boolean fragment = main[FRAGMENT_HOST] != null;
            List<Capability> capabilities = new ArrayList<>();
            List<Requirement> requirements = new ArrayList<>();

            Map<String, Object> identity = new HashMap<>();
            identity.put(BUNDLE_NAMESPACE, symbolicName);
            identity.put("bundle-version", version);
            capabilities.add(new Capability(BUNDLE_NAMESPACE, identity));

            header = "Export-Package";
            for (HeaderClause clause : HeaderClause.parse(main[EXPORT_PACKAGE])) {
                for (String pkg : clause.paths()) {
                    Map<String, Object> attrs = new HashMap<>(clause.attributes());
                    attrs.put(PACKAGE_NAMESPACE, pkg);
                    attrs.put("version", Version.parseVersion(String.valueOf(attrs.getOrDefault("version", "0.0.0"))));
                    attrs.put("bundle-symbolic-name", symbolicName);
                    attrs.put("bundle-version", version);
                    capabilities.add(new Capability(PACKAGE_NAMESPACE, attrs, clause.directives()));
                }
            }
            header = "Provide-Capability";
            for (HeaderClause clause : HeaderClause.parse(main[PROVIDE_CAPABILITY])) {
                for (String namespace : clause.paths()) {
                    capabilities.add(new Capability(namespace, clause.attributes(), clause.directives()));
                }
            }
            header = "Import-Package";
            for (HeaderClause clause : HeaderClause.parse(main[IMPORT_PACKAGE])) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                for (String pkg : clause.paths()) {
                    String range = String.valueOf(clause.attributes().getOrDefault("version", "0.0.0"));
                    String filter = "(&(" + PACKAGE_NAMESPACE + "=" + pkg + ")"
                            + new VersionRange(range).toFilterString("version") + ")";
                    requirements.add(new Requirement(PACKAGE_NAMESPACE, filter, null, optional, false));
                }
            }
            header = "Require-Bundle";
            for (HeaderClause clause : HeaderClause.parse(main[REQUIRE_BUNDLE])) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                String range = String.valueOf(clause.attributes().getOrDefault("bundle-version", "0.0.0"));
                String filter = "(&(" + BUNDLE_NAMESPACE + "=" + clause.path() + ")"
                        + new VersionRange(range).toFilterString("bundle-version") + ")";
                requirements.add(new Requirement(BUNDLE_NAMESPACE, filter, null, optional, false));
            }
            header = "Require-Capability";
            for (HeaderClause clause : HeaderClause.parse(main[REQUIRE_CAPABILITY])) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                boolean active = "active".equals(clause.directive("effective", "resolve"));
                for (String namespace : clause.paths()) {
                    requirements.add(requirement(namespace, clause.directives().get("filter"), optional, active));
                }
            }
            BundleManifest m = new BundleManifest(file, symbolicName, version, null, fragment, List.copyOf(capabilities),
                    List.copyOf(requirements));
            m.fragmentHost = hostOf(main[FRAGMENT_HOST]);
            return m;
        } catch (RuntimeException | InvalidSyntaxException e) {
            // anything the parser can throw on (a typed attribute, a range, a filter): this jar only is skipped
            throw new InvalidBundleException("a malformed " + header + " header (" + e.getMessage() + ")",
                    main[PROVIDE_CAPABILITY]);
        }
    }

    private static Requirement requirement(String namespace, String filter, boolean optional, boolean active)
            throws InvalidSyntaxException {
        return new Requirement(namespace, filter, filter == null ? null : FrameworkUtil.createFilter(filter),
                optional, active);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    public Path file() {
        return file;
    }

    /** A fragment's host symbolic name, else null. */
    public String fragmentHost() {
        return fragmentHost;
    }

    private static String hostOf(String host) {
        return host == null ? null : firstPath(host);
    }

    /** A header's first path, before any attribute or directive: cheap, with no clause parsed. */
    private static String firstPath(String header) {
        int end = header.indexOf(';');
        return (end < 0 ? header : header.substring(0, end)).trim();
    }

    public String symbolicName() {
        return symbolicName;
    }

    public Version version() {
        Version v = version;
        if (v == null) {
            try {
                v = Version.parseVersion(trim(versionText));
            } catch (IllegalArgumentException e) {
                v = Version.emptyVersion; // valid when the index recorded it; a changed jar has a new stamp
            }
            version = v; // immutable: a second thread at most parses it again
        }
        return v;
    }

    public boolean isFragment() {
        return fragment;
    }

    synchronized List<Capability> capabilities() {
        parse();
        return capabilities;
    }

    public synchronized List<Requirement> requirements() {
        parse();
        return requirements;
    }

    /**
     * A manifest read before and found valid (the manifest index): identity now, the rest on first
     * use. Lookup reads every candidate, but only a task's closure needs more than its identity.
     */
    static BundleManifest validated(Path file, String[] main) {
        BundleManifest m = new BundleManifest(file, firstPath(main[SYMBOLIC_NAME]), null, main[VERSION],
                main[FRAGMENT_HOST] != null, null, null);
        m.unparsed = main;
        m.fragmentHost = hostOf(main[FRAGMENT_HOST]);
        return m;
    }

    /** Whether the manifest may declare a task (a cheap look at the raw header before parsing). */
    synchronized boolean mayDeclare(String namespace) {
        if (unparsed == null) {
            return !capabilities(namespace).isEmpty();
        }
        String provided = unparsed[PROVIDE_CAPABILITY];
        return provided != null && provided.contains(namespace);
    }

    /**
     * Whether this bundle may provide a capability the requirement matches: a look at the raw header
     * before parsing, so that searching every candidate for a closure parses only the likely ones.
     */
    synchronized boolean mayProvide(Requirement requirement) {
        if (unparsed == null) {
            return true;
        }
        if (requirement.namespace().equals(BUNDLE_NAMESPACE)) {
            return requirement.filterText() == null || requirement.filterText().contains(symbolicName);
        }
        if (requirement.namespace().equals(PACKAGE_NAMESPACE)) {
            String pkg = requirement.packageName();
            String exported = unparsed[EXPORT_PACKAGE];
            return exported != null && (pkg == null || exported.contains(pkg));
        }
        String provided = unparsed[PROVIDE_CAPABILITY];
        return provided != null && provided.contains(requirement.namespace());
    }

    private void parse() {
        if (unparsed == null) {
            return;
        }
        String[] main = unparsed;
        unparsed = null;
        try {
            BundleManifest full = of(file, main);
            capabilities = full.capabilities;
            requirements = full.requirements;
        } catch (InvalidBundleException e) {
            // it was valid when the index recorded it; a changed jar has a new size or time
            capabilities = List.of();
            requirements = List.of();
        }
    }

    List<Capability> capabilities(String namespace) {
        List<Capability> result = new ArrayList<>();
        for (Capability c : capabilities()) {
            if (c.namespace().equals(namespace)) {
                result.add(c);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return symbolicName + " " + version + " (" + file.getFileName() + ")";
    }

    /** A jar that cannot be used as a bundle, with the reason. */
    public static final class InvalidBundleException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String declared;

        InvalidBundleException(String reason) {
            this(reason, null);
        }

        /** {@code declared}: the raw Provide-Capability, to tell a task whose own bundle is malformed (exit 5). */
        InvalidBundleException(String reason, String declared) {
            super(reason);
            this.declared = declared;
        }

        String declared() {
            return declared;
        }
    }
}
