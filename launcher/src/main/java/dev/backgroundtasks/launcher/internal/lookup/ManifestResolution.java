package dev.backgroundtasks.launcher.internal.lookup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.resolver.Logger;
import org.apache.felix.resolver.ResolverImpl;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.resource.Wiring;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.ResolveContext;

/**
 * A closure resolved as a whole by the Felix resolver the framework itself uses
 * ({@code org.apache.felix.resolver}, inside the framework jar), over the candidates' manifests: the
 * task bundle is the one mandatory resource, every usable candidate may provide, and only the
 * requirements {@link BundleClosure} searches a provider for take part. The bundles of the first pass
 * come first, as the framework prefers providers that are already resolved, so that no bundle is added
 * for what the closure already has (a library importing its own exported packages keeps them, instead
 * of importing them from a newer copy); then the others, in the framework's order (highest version
 * first). Only a uses constraint the first pass violates makes the resolver look further.
 */
final class ManifestResolution extends ResolveContext {
    private final BundleClosure closure;
    private final List<BundleManifest> usable;
    private final Set<BundleManifest> firstPass;
    private final Map<BundleManifest, ManifestResource> resources = new IdentityHashMap<>();
    private final Map<BundleManifest.Requirement, List<Capability>> providers = new IdentityHashMap<>();
    private final ManifestResource root;

    private ManifestResolution(BundleClosure closure, BundleManifest root, List<BundleManifest> usable,
            Set<BundleManifest> firstPass) {
        this.closure = closure;
        this.usable = usable;
        this.firstPass = firstPass;
        this.root = resource(root);
    }

    /** The resolved closure, the root first and then by the wires from it; null when it does not resolve. */
    static List<BundleManifest> resolve(BundleClosure closure, BundleManifest root, List<BundleManifest> usable,
            Set<BundleManifest> firstPass) {
        ManifestResolution context = new ManifestResolution(closure, root, usable, firstPass);
        Map<Resource, List<Wire>> wiring;
        try {
            // one thread: the closure is small, and a pool costs more than it saves on two cores
            wiring = new ResolverImpl(new Logger(0) {
                @Override
                protected void doLog(int level, String msg, Throwable throwable) {
                    // the framework reports a failure itself when it resolves the installed bundles
                }
            }, 1).resolve(context);
        } catch (ResolutionException | RuntimeException e) {
            return null;
        }
        Set<BundleManifest> result = new LinkedHashSet<>();
        Deque<Resource> work = new ArrayDeque<>();
        work.add(context.root);
        while (!work.isEmpty()) {
            Resource r = work.poll();
            if (!result.add(((ManifestResource) r).manifest)) {
                continue;
            }
            for (Wire w : wiring.getOrDefault(r, List.of())) {
                work.add(w.getProvider());
            }
        }
        return new ArrayList<>(result);
    }

    private ManifestResource resource(BundleManifest manifest) {
        ManifestResource r = resources.get(manifest);
        if (r == null) {
            r = new ManifestResource(manifest);
            resources.put(manifest, r);
        }
        return r;
    }

    private List<Capability> providersOf(BundleManifest.Requirement requirement) {
        List<Capability> found = providers.get(requirement);
        if (found == null) {
            found = new ArrayList<>();
            // the first pass's bundles first, as Felix prefers providers that are already resolved;
            // each group in the framework's order (highest version first)
            for (BundleClosure.Provider p : BundleClosure.providers(requirement, usable)) {
                if (firstPass.contains(p.bundle())) {
                    found.add(resource(p.bundle()).capability(p.capability()));
                }
            }
            for (BundleClosure.Provider p : BundleClosure.providers(requirement, usable)) {
                if (!firstPass.contains(p.bundle())) {
                    found.add(resource(p.bundle()).capability(p.capability()));
                }
            }
            providers.put(requirement, found);
        }
        return found;
    }

    @Override
    public Collection<Resource> getMandatoryResources() {
        return List.of(root);
    }

    @Override
    public List<Capability> findProviders(Requirement requirement) {
        return new ArrayList<>(providersOf(((ManifestRequirement) requirement).requirement));
    }

    @Override
    public int insertHostedCapability(List<Capability> capabilities, HostedCapability hostedCapability) {
        // fragments are no candidates, so nothing is ever hosted; keep the order if it happens
        capabilities.add(hostedCapability);
        return capabilities.size() - 1;
    }

    @Override
    public boolean isEffective(Requirement requirement) {
        // only the requirements the closure counts are given to the resolver, services included
        return true;
    }

    @Override
    public Map<Resource, Wiring> getWirings() {
        return Collections.emptyMap();
    }

    /** A candidate bundle as a resolver resource. */
    private final class ManifestResource implements Resource {
        private final BundleManifest manifest;
        private final Map<BundleManifest.Capability, ManifestCapability> capabilities = new IdentityHashMap<>();
        private List<Requirement> requirements;

        ManifestResource(BundleManifest manifest) {
            this.manifest = manifest;
        }

        ManifestCapability capability(BundleManifest.Capability c) {
            ManifestCapability wrapped = capabilities.get(c);
            if (wrapped == null) {
                wrapped = new ManifestCapability(this, c);
                capabilities.put(c, wrapped);
            }
            return wrapped;
        }

        @Override
        public List<Capability> getCapabilities(String namespace) {
            List<Capability> result = new ArrayList<>();
            for (BundleManifest.Capability c : manifest.capabilities()) {
                if (namespace == null || namespace.equals(c.namespace())) {
                    result.add(capability(c));
                }
            }
            return result;
        }

        @Override
        public List<Requirement> getRequirements(String namespace) {
            if (requirements == null) {
                requirements = new ArrayList<>();
                for (BundleManifest.Requirement r : manifest.requirements()) {
                    // a requirement no candidate meets adds nothing, as in the first pass
                    if (closure.relevant(r) && !providersOf(r).isEmpty()) {
                        requirements.add(new ManifestRequirement(this, r));
                    }
                }
            }
            List<Requirement> result = new ArrayList<>();
            for (Requirement r : requirements) {
                if (namespace == null || namespace.equals(r.getNamespace())) {
                    result.add(r);
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return manifest.toString();
        }
    }

    private static final class ManifestCapability implements Capability {
        private final ManifestResource resource;
        private final BundleManifest.Capability capability;

        ManifestCapability(ManifestResource resource, BundleManifest.Capability capability) {
            this.resource = resource;
            this.capability = capability;
        }

        @Override
        public String getNamespace() {
            return capability.namespace();
        }

        @Override
        public Map<String, String> getDirectives() {
            return capability.directives();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return capability.attributes();
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public String toString() {
            return capability.namespace() + capability.attributes() + " of " + resource;
        }
    }

    private static final class ManifestRequirement implements Requirement {
        private final ManifestResource resource;
        private final BundleManifest.Requirement requirement;

        ManifestRequirement(ManifestResource resource, BundleManifest.Requirement requirement) {
            this.resource = resource;
            this.requirement = requirement;
        }

        @Override
        public String getNamespace() {
            return requirement.namespace();
        }

        @Override
        public Map<String, String> getDirectives() {
            return requirement.filterText() == null ? Map.of() : Map.of("filter", requirement.filterText());
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public String toString() {
            return requirement + " of " + resource;
        }
    }
}
