package dev.backgroundtasks.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One unit of work the loop selects from its task queues: a plain task, a timer, a postTask task, a
 * continuation or an idle-callback timeout.
 */
abstract class QueuedTask extends Arrival {
    static final int QUEUED = 0;   // waiting in a queue, or for its delay
    static final int RUNNING = 1;
    static final int DONE = 2;
    static final int DEAD = 3;     // aborted or cancelled before it ran; dropped when met in a queue

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(QueuedTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The specification's enqueue order, taken from the loop's "next enqueue order" when queued. Before
     * that, for a timer or delayed task waiting in the timer heap, the order it was scheduled in, which
     * breaks ties of {@link #due}. (One field for both keeps the object small: one is made per task.)
     */
    long sequence;
    /**
     * For a timer or delayed task: when it falls due, in loop nanoseconds. Once queued, and only while the
     * starvation guard is on: when it was queued.
     */
    long due;

    volatile int state;

    final boolean transition(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }

    /** For a task no other thread can abort or cancel: the loop's thread alone reads its state. */
    final void setStateOpaque(int to) {
        STATE.setOpaque(this, to);
    }

    /** The end of a run, published for a late abort or cancel from another thread. */
    final void setStateRelease(int to) {
        STATE.setRelease(this, to);
    }

    /** Whether the task would still do something if selected; dead ones are dropped from the queues. */
    boolean isLive() {
        return state == QUEUED;
    }

    /** Runs the task on the loop's thread. */
    abstract void run(EventLoopCore core);

    /** For a timer or delayed task: its due time has come, so it joins the task queues. */
    void fallDue(EventLoopCore core) {
        throw new UnsupportedOperationException();
    }
}
