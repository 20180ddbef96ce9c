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
    private final Version version;
    private String fragmentHost;
    private final boolean fragment;
    private List<Capability> capabilities;
    private List<Requirement> requirements;
    /** Set for a manifest from the index: parsed on first use. */
    private Attributes unparsed;

    private BundleManifest(Path file, String symbolicName, Version version, boolean fragment,
            List<Capability> capabilities, List<Requirement> requirements) {
        this.file = file;
        this.symbolicName = symbolicName;
        this.version = version;
        this.fragment = fragment;
        this.capabilities = capabilities;
        this.requirements = requirements;
    }

    /** Reads a jar's manifest; throws InvalidBundleException saying why it is not a usable bundle. */
    public static BundleManifest read(Path file) throws InvalidBundleException {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        } catch (IOException | SecurityException e) {
            throw new InvalidBundleException("not a valid jar (" + e.getMessage() + ")");
        }
        if (manifest == null) {
            throw new InvalidBundleException("not a bundle (no manifest)");
        }
        return of(file, manifest.getMainAttributes());
    }

    static BundleManifest of(Path file, Attributes main) throws InvalidBundleException {
        String bsnHeader = main.getValue("Bundle-SymbolicName");
        if (bsnHeader == null || bsnHeader.isBlank()) {
            throw new InvalidBundleException("not a bundle (no Bundle-SymbolicName)");
        }
        if (!"2".equals(trim(main.getValue("Bundle-ManifestVersion")))) {
            throw new InvalidBundleException("not an OSGi R4+ bundle (Bundle-ManifestVersion is not 2)");
        }
        String header = "Bundle-SymbolicName";
        try {
            String symbolicName = HeaderClause.parse(bsnHeader).get(0).path();
            header = "Bundle-Version";
            Version version = Version.parseVersion(trim(main.getValue("Bundle-Version")));
            boolean fragment = main.getValue("Fragment-Host") != null;
            List<Capability> capabilities = new ArrayList<>();
            List<Requirement> requirements = new ArrayList<>();

            Map<String, Object> identity = new HashMap<>();
            identity.put(BUNDLE_NAMESPACE, symbolicName);
            identity.put("bundle-version", version);
            capabilities.add(new Capability(BUNDLE_NAMESPACE, identity));

            header = "Export-Package";
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Export-Package"))) {
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
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Provide-Capability"))) {
                for (String namespace : clause.paths()) {
                    capabilities.add(new Capability(namespace, clause.attributes(), clause.directives()));
                }
            }
            header = "Import-Package";
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Import-Package"))) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                for (String pkg : clause.paths()) {
                    String range = String.valueOf(clause.attributes().getOrDefault("version", "0.0.0"));
                    String filter = "(&(" + PACKAGE_NAMESPACE + "=" + pkg + ")"
                            + new VersionRange(range).toFilterString("version") + ")";
                    requirements.add(new Requirement(PACKAGE_NAMESPACE, filter, null, optional, false));
                }
            }
            header = "Require-Bundle";
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Require-Bundle"))) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                String range = String.valueOf(clause.attributes().getOrDefault("bundle-version", "0.0.0"));
                String filter = "(&(" + BUNDLE_NAMESPACE + "=" + clause.path() + ")"
                        + new VersionRange(range).toFilterString("bundle-version") + ")";
                requirements.add(new Requirement(BUNDLE_NAMESPACE, filter, null, optional, false));
            }
            header = "Require-Capability";
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Require-Capability"))) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                boolean active = "active".equals(clause.directive("effective", "resolve"));
                for (String namespace : clause.paths()) {
                    requirements.add(requirement(namespace, clause.directives().get("filter"), optional, active));
                }
            }
            BundleManifest m = new BundleManifest(file, symbolicName, version, fragment, List.copyOf(capabilities),
                    List.copyOf(requirements));
            m.fragmentHost = hostOf(main);
            return m;
        } catch (RuntimeException | InvalidSyntaxException e) {
            // anything the parser can throw on (a typed attribute, a range, a filter): this jar only is skipped
            throw new InvalidBundleException("a malformed " + header + " header (" + e.getMessage() + ")",
                    main.getValue("Provide-Capability"));
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

    private static String hostOf(Attributes main) {
        String host = main.getValue("Fragment-Host");
        return host == null ? null : host.split(";", 2)[0].trim();
    }

    public String symbolicName() {
        return symbolicName;
    }

    public Version version() {
        return version;
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
    static BundleManifest validated(Path file, Attributes main) throws InvalidBundleException {
        String bsnHeader = main.getValue("Bundle-SymbolicName");
        if (bsnHeader == null) {
            throw new InvalidBundleException("not a bundle (no Bundle-SymbolicName)");
        }
        String symbolicName = bsnHeader.indexOf(';') < 0 ? bsnHeader.trim() : bsnHeader.substring(0, bsnHeader.indexOf(';')).trim();
        try {
            BundleManifest m = new BundleManifest(file, symbolicName, Version.parseVersion(trim(main.getValue("Bundle-Version"))),
                    main.getValue("Fragment-Host") != null, null, null);
            m.unparsed = main;
            m.fragmentHost = hostOf(main);
            return m;
        } catch (RuntimeException e) {
            throw new InvalidBundleException("a malformed Bundle-Version header (" + e.getMessage() + ")");
        }
    }

    /** Whether the manifest may declare a task (a cheap look at the raw header before parsing). */
    synchronized boolean mayDeclare(String namespace) {
        if (unparsed == null) {
            return !capabilities(namespace).isEmpty();
        }
        String provided = unparsed.getValue("Provide-Capability");
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
            String pkg = SystemBundleCapabilities.packageOf(requirement.filter());
            String exported = unparsed.getValue("Export-Package");
            return exported != null && (pkg == null || exported.contains(pkg));
        }
        String provided = unparsed.getValue("Provide-Capability");
        return provided != null && provided.contains(requirement.namespace());
    }

    private void parse() {
        if (unparsed == null) {
            return;
        }
        Attributes main = unparsed;
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
