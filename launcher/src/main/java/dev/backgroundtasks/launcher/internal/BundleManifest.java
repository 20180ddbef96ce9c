package dev.backgroundtasks.launcher.internal;

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

/**
 * A bundle as its manifest describes it, read without a framework: identity, capabilities and
 * requirements in the generic OSGi form, so that lookup and the resolution closure need nothing else.
 */
final class BundleManifest {
    static final String PACKAGE_NAMESPACE = "osgi.wiring.package";
    static final String BUNDLE_NAMESPACE = "osgi.wiring.bundle";
    static final String SERVICE_NAMESPACE = "osgi.service";

    record Capability(String namespace, Map<String, Object> attributes) {
    }

    record Requirement(String namespace, String filterText, Filter filter, boolean optional, boolean effectiveActive) {
        boolean matches(Capability capability) {
            return capability.namespace.equals(namespace) && (filter == null || filter.matches(capability.attributes));
        }

        @Override
        public String toString() {
            return namespace + (filterText == null ? "" : " " + filterText);
        }
    }

    private final Path file;
    private final String symbolicName;
    private final Version version;
    private final boolean fragment;
    private final List<Capability> capabilities;
    private final List<Requirement> requirements;

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
    static BundleManifest read(Path file) throws InvalidBundleException {
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
        try {
            String symbolicName = HeaderClause.parse(bsnHeader).get(0).path();
            Version version = Version.parseVersion(trim(main.getValue("Bundle-Version")));
            boolean fragment = main.getValue("Fragment-Host") != null;
            List<Capability> capabilities = new ArrayList<>();
            List<Requirement> requirements = new ArrayList<>();

            Map<String, Object> identity = new HashMap<>();
            identity.put(BUNDLE_NAMESPACE, symbolicName);
            identity.put("bundle-version", version);
            capabilities.add(new Capability(BUNDLE_NAMESPACE, identity));

            for (HeaderClause clause : HeaderClause.parse(main.getValue("Export-Package"))) {
                for (String pkg : clause.paths()) {
                    Map<String, Object> attrs = new HashMap<>(clause.attributes());
                    attrs.put(PACKAGE_NAMESPACE, pkg);
                    attrs.put("version", Version.parseVersion(String.valueOf(attrs.getOrDefault("version", "0.0.0"))));
                    attrs.put("bundle-symbolic-name", symbolicName);
                    attrs.put("bundle-version", version);
                    capabilities.add(new Capability(PACKAGE_NAMESPACE, attrs));
                }
            }
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Provide-Capability"))) {
                for (String namespace : clause.paths()) {
                    capabilities.add(new Capability(namespace, clause.attributes()));
                }
            }
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Import-Package"))) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                for (String pkg : clause.paths()) {
                    String range = String.valueOf(clause.attributes().getOrDefault("version", "0.0.0"));
                    String filter = "(&(" + PACKAGE_NAMESPACE + "=" + pkg + ")"
                            + new VersionRange(range).toFilterString("version") + ")";
                    requirements.add(requirement(PACKAGE_NAMESPACE, filter, optional, false));
                }
            }
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Require-Bundle"))) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                String range = String.valueOf(clause.attributes().getOrDefault("bundle-version", "0.0.0"));
                String filter = "(&(" + BUNDLE_NAMESPACE + "=" + clause.path() + ")"
                        + new VersionRange(range).toFilterString("bundle-version") + ")";
                requirements.add(requirement(BUNDLE_NAMESPACE, filter, optional, false));
            }
            for (HeaderClause clause : HeaderClause.parse(main.getValue("Require-Capability"))) {
                boolean optional = "optional".equals(clause.directive("resolution", "mandatory"));
                boolean active = "active".equals(clause.directive("effective", "resolve"));
                for (String namespace : clause.paths()) {
                    requirements.add(requirement(namespace, clause.directives().get("filter"), optional, active));
                }
            }
            return new BundleManifest(file, symbolicName, version, fragment, List.copyOf(capabilities),
                    List.copyOf(requirements));
        } catch (IllegalArgumentException | InvalidSyntaxException e) {
            throw new InvalidBundleException("a malformed manifest (" + e.getMessage() + ")");
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

    Path file() {
        return file;
    }

    String symbolicName() {
        return symbolicName;
    }

    Version version() {
        return version;
    }

    boolean isFragment() {
        return fragment;
    }

    List<Capability> capabilities() {
        return capabilities;
    }

    List<Requirement> requirements() {
        return requirements;
    }

    List<Capability> capabilities(String namespace) {
        List<Capability> result = new ArrayList<>();
        for (Capability c : capabilities) {
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
    static final class InvalidBundleException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidBundleException(String reason) {
            super(reason);
        }
    }
}
