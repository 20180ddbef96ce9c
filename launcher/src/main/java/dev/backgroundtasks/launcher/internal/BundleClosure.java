package dev.backgroundtasks.launcher.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resolution closure of a task bundle (contract section 5): the bundle, and for each of its
 * mandatory requirements a candidate that satisfies it, transitively. {@code osgi.service}
 * requirements count as mandatory even though they are {@code effective:=active}, so that the bundle
 * providing a referenced service comes along. A requirement the system bundle satisfies, or that no
 * candidate satisfies, adds nothing: the framework and SCR report what stays missing.
 *
 * <p>Computed from manifests before the framework exists, so that only these bundles are installed:
 * installing bundles that are not needed is what costs at start-up.
 */
final class BundleClosure {
    private final SystemBundleCapabilities system;

    BundleClosure(SystemBundleCapabilities system) {
        this.system = system;
    }

    /** The closure, the root first and then in discovery order. */
    List<BundleManifest> of(BundleManifest root, List<BundleManifest> candidates) {
        Set<BundleManifest> closure = new LinkedHashSet<>();
        Set<String> symbolicNames = new HashSet<>();
        Deque<BundleManifest> work = new ArrayDeque<>();
        closure.add(root);
        symbolicNames.add(root.symbolicName());
        work.add(root);
        while (!work.isEmpty()) {
            BundleManifest bundle = work.poll();
            for (BundleManifest.Requirement requirement : bundle.requirements()) {
                if (!counts(requirement) || system.satisfies(requirement) || satisfiedBy(requirement, closure)) {
                    continue;
                }
                for (BundleManifest candidate : candidates) {
                    // One revision per symbolic name: a second copy would be a singleton clash, not a help.
                    if (!symbolicNames.contains(candidate.symbolicName()) && !candidate.isFragment()
                            && provides(candidate, requirement)) {
                        closure.add(candidate);
                        symbolicNames.add(candidate.symbolicName());
                        work.add(candidate);
                        break;
                    }
                }
            }
        }
        return new ArrayList<>(closure);
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

    private static boolean satisfiedBy(BundleManifest.Requirement requirement, Set<BundleManifest> bundles) {
        for (BundleManifest b : bundles) {
            if (provides(b, requirement)) {
                return true;
            }
        }
        return false;
    }

    private static boolean provides(BundleManifest bundle, BundleManifest.Requirement requirement) {
        for (BundleManifest.Capability c : bundle.capabilities()) {
            if (requirement.matches(c)) {
                return true;
            }
        }
        return false;
    }
}
