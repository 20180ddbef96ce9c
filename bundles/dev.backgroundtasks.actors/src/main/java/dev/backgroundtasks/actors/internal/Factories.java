package dev.backgroundtasks.actors.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.backgroundtasks.actors.ActorFactory;

/**
 * The protocols this process serves: the first factory registered for a name wins, the others wait.
 * A whiteboard factory is only a reference until a lookup needs it, so that starting the background
 * service activates no factory component (and a factory component may itself use the service).
 */
final class Factories {
    record Entry(Object key, ActorFactory<?, ?> factory, ProtocolSchema schema) {
    }

    private final Map<String, List<Entry>> byName = new ConcurrentHashMap<>();
    /** Registered, not looked at yet, in registration order; guarded by itself. */
    private final Map<Object, Supplier<ActorFactory<?, ?>>> unresolved = new LinkedHashMap<>();
    private volatile boolean anyUnresolved;
    private final Object resolving = new Object();
    private final PrintStream reports;

    Factories(PrintStream reports) {
        this.reports = reports;
    }

    void add(ActorFactory<?, ?> factory) {
        index(factory, factory);
    }

    /** A factory known by {@code key} (its service reference), fetched from {@code supplier} when needed. */
    void add(Object key, Supplier<ActorFactory<?, ?>> supplier) {
        synchronized (unresolved) {
            unresolved.put(key, supplier);
            anyUnresolved = true;
        }
    }

    /** Removes it; returns the factory when it was the one serving its protocol (its pairs must end), else null. */
    ActorFactory<?, ?> remove(Object key) {
        synchronized (unresolved) {
            if (unresolved.remove(key) != null) {
                return null;
            }
        }
        ActorFactory<?, ?>[] active = new ActorFactory<?, ?>[1];
        for (String name : byName.keySet()) {
            byName.computeIfPresent(name, (ignored, entries) -> {
                List<Entry> next = new ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).key().equals(key)) {
                        if (i == 0) {
                            active[0] = entries.get(i).factory();
                        }
                    } else {
                        next.add(entries.get(i));
                    }
                }
                return next.isEmpty() ? null : List.copyOf(next);
            });
        }
        return active[0];
    }

    /** The factory serving that protocol name, or null. */
    Entry find(String protocol) {
        if (anyUnresolved) {
            resolve();
        }
        List<Entry> entries = byName.get(protocol);
        if (entries == null) {
            synchronized (resolving) { // another thread may still be fetching a batch it took: wait for it
                entries = byName.get(protocol);
            }
        }
        return entries == null ? null : entries.get(0);
    }

    /**
     * Fetches every factory registered so far. One thread at a time; a factory activated by it that
     * looks a protocol up on the same thread finds what is resolved already.
     */
    private void resolve() {
        synchronized (resolving) {
            List<Map.Entry<Object, Supplier<ActorFactory<?, ?>>>> batch;
            synchronized (unresolved) {
                batch = new ArrayList<>(unresolved.entrySet());
                unresolved.clear();
                anyUnresolved = false;
            }
            for (Map.Entry<Object, Supplier<ActorFactory<?, ?>>> registered : batch) {
                ActorFactory<?, ?> factory;
                try {
                    factory = registered.getValue().get();
                } catch (RuntimeException e) {
                    reports.println("backgroundtasks: cannot get an actor factory service: " + e);
                    continue;
                }
                if (factory != null) {
                    index(registered.getKey(), factory);
                }
            }
        }
    }

    private void index(Object key, ActorFactory<?, ?> factory) {
        ProtocolSchema schema;
        try {
            schema = ProtocolSchema.of(factory.protocol());
        } catch (RuntimeException e) {
            reports.println("backgroundtasks: ignoring the actor factory " + factory.getClass().getName()
                    + ": protocol() threw " + e);
            return;
        }
        byName.compute(schema.name(), (name, entries) -> {
            List<Entry> next = entries == null ? new ArrayList<>() : new ArrayList<>(entries);
            next.add(new Entry(key, factory, schema));
            if (next.size() > 1) {
                reports.println("backgroundtasks: two actor factories serve protocol '" + name + "': "
                        + next.get(0).factory().getClass().getName() + " wins over " + factory.getClass().getName());
            }
            return List.copyOf(next);
        });
    }
}
