package dev.backgroundtasks.launcher.internal.lookup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Version;

/**
 * The resolution closure of a task bundle (docs/reference/lookup.md): the bundle, and for each of its
 * mandatory requirements a candidate that satisfies it, transitively. {@code osgi.service}
 * requirements count as mandatory even though they are {@code effective:=active}, so that the bundle
 * providing a referenced service comes along. A requirement the system bundle satisfies, or that no
 * candidate satisfies, adds nothing: the framework and SCR report what stays missing.
 *
 * <p>The closure is the one the Felix resolver would choose: the highest versions in range
 * that give a consistent wiring, uses constraints included, resolved as a whole. A first pass takes,
 * for each requirement, what the closure already has or else the highest version in range. When no
 * requirement met a choice (one provider each, the case of every platform task), that pass is the
 * answer. Otherwise Felix's own resolver decides over the manifests ({@link ManifestResolution}),
 * preferring the first pass's bundles as Felix prefers resolved ones; a closure it cannot resolve is the
 * first pass, and the framework then says why.
 *
 * <p>Computed from manifests before the framework exists, so that only these bundles are installed:
 * installing bundles that are not needed is what costs at start-up.
 */
public final class BundleClosure {
    private final SystemBundleCapabilities system;

    public BundleClosure(SystemBundleCapabilities system) {
        this.system = system;
    }

    /** The closure, the root first and then in discovery order. */
    public List<BundleManifest> of(BundleManifest root, List<BundleManifest> candidates) {
        List<BundleManifest> usable = new ArrayList<>(candidates.size() + 1);
        usable.add(root);
        for (BundleManifest candidate : candidates) {
            // a fragment is no provider; a second copy of the task bundle is never wanted
            if (!candidate.isFragment() && !candidate.symbolicName().equals(root.symbolicName())) {
                usable.add(candidate);
            }
        }
        Set<BundleManifest> closure = new LinkedHashSet<>();
        closure.add(root);
        boolean choice = false;
        Deque<BundleManifest> work = new ArrayDeque<>();
        work.add(root);
        while (!work.isEmpty()) {
            BundleManifest bundle = work.poll();
            for (BundleManifest.Requirement requirement : bundle.requirements()) {
                if (!relevant(requirement)) {
                    continue;
                }
                List<Provider> providers = providers(requirement, usable);
                choice |= providers.size() > 1;
                if (providers.isEmpty() || satisfiedBy(providers, closure)) {
                    continue;
                }
                BundleManifest best = providers.get(0).bundle();
                if (closure.add(best)) {
                    work.add(best);
                }
            }
        }
        if (choice) {
            List<BundleManifest> resolved = ManifestResolution.resolve(this, root, usable, closure);
            if (resolved != null) {
                return resolved;
            }
        }
        return new ArrayList<>(closure);
    }

    /** A capability of a candidate that matches a requirement. */
    record Provider(BundleManifest bundle, BundleManifest.Capability capability, int order) {
    }

    /**
     * Whether the closure searches a provider for the requirement: mandatory, resolve-time (or a
     * service), and not satisfied by the system bundle.
     */
    boolean relevant(BundleManifest.Requirement requirement) {
        return counts(requirement) && !system.satisfies(requirement);
    }

    /**
     * The providers of a requirement among the usable bundles, in the order the Felix framework prefers
     * them: the highest version first (of the package, of the bundle, or a capability's
     * {@code version}), then the earlier candidate (bundles/ before app, toolkit, testing; file names
     * in sort order), as Felix prefers the lower bundle id. One per bundle.
     */
    static List<Provider> providers(BundleManifest.Requirement requirement, List<BundleManifest> usable) {
        List<Provider> found = new ArrayList<>(2);
        for (int i = 0; i < usable.size(); i++) {
            BundleManifest candidate = usable.get(i);
            if (!candidate.mayProvide(requirement)) {
                continue;
            }
            for (BundleManifest.Capability c : candidate.capabilities()) {
                if (requirement.matches(c)) {
                    insert(found, new Provider(candidate, c, i));
                    break;
                }
            }
        }
        return found;
    }

    private static void insert(List<Provider> sorted, Provider p) {
        int at = sorted.size();
        while (at > 0 && versionOf(sorted.get(at - 1).capability()).compareTo(versionOf(p.capability())) < 0) {
            at--;
        }
        sorted.add(at, p);
    }

    private static Version versionOf(BundleManifest.Capability capability) {
        Map<String, Object> attributes = capability.attributes();
        Object v = attributes.get(capability.namespace().equals(BundleManifest.BUNDLE_NAMESPACE) ? "bundle-version" : "version");
        return v instanceof Version ? (Version) v : Version.emptyVersion;
    }

    private static boolean counts(BundleManifest.Requirement requirement) {
        if (requirement.optional()) {
            return false;
        }
        String ns = requirement.namespace();
        if (ns.equals("osgi.ee") || ns.equals("osgi.native") || ns.equals("osgi.identity")) {
            return false;
        }
        return !requirement.effectiveActive() || ns.equals(BundleManifest.SERVICE_NAMESPACE);
    }

    private static boolean satisfiedBy(List<Provider> providers, Set<BundleManifest> closure) {
        for (Provider p : providers) {
            if (closure.contains(p.bundle())) {
                return true;
            }
        }
        return false;
    }
}
