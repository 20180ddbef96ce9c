package dev.backgroundtasks.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop's multi-producer, single-consumer queue of {@link Arrival}s (Vyukov's intrusive design): a
 * producer pays one atomic exchange and never waits for the loop, which drains it before every
 * selection. Each arrival is pushed at most once.
 */
final class Inbox extends InboxHeadPadding {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(Inbox.class, "tail", Arrival.class);
            NEXT = lookup.findVarHandle(Arrival.class, "inboxNext", Arrival.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through TAIL
    private volatile Arrival tail;
    Inbox() {
        Arrival stub = new Arrival() {
            @Override
            void arrive(EventLoopCore core) {
                // the stub only marks the empty inbox
            }
        };
        head = stub;
        tail = stub;
    }

    /** Adds an arrival; any thread. */
    void push(Arrival arrival) {
        Arrival previous = (Arrival) TAIL.getAndSet(this, arrival);
        NEXT.setRelease(previous, arrival);
    }

    /** The oldest arrival not taken yet, or null; the consumer only. */
    Arrival poll() {
        Arrival current = head;
        Arrival next = (Arrival) NEXT.getAcquire(current);
        if (next == null) {
            return null;
        }
        head = next;
        // the taken arrival may live on in a queue: it must not keep every later arrival reachable
        NEXT.set(current, null);
        return next;
    }

    /**
     * Whether the next arrival is linked, for a consumer spinning while it waits: it reads a line a
     * producer writes once per arrival, rather than the tail that every push updates. A push still being
     * linked is not seen; {@link #mayHaveArrivals()} sees it.
     */
    boolean hasLinkedArrival() {
        return NEXT.getAcquire(head) != null;
    }

    /** False only when nothing was pushed since the last poll; a push still being linked counts. */
    boolean mayHaveArrivals() {
        return TAIL.getVolatile(this) != head;
    }
}
