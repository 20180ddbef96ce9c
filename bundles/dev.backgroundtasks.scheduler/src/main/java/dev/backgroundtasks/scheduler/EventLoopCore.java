package dev.backgroundtasks.scheduler;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The state and algorithm of one event loop, shared by the real-time and the manual loop: only the
 * clock and the thread that drives it differ. Any thread hands work in through the {@link Inbox}; the
 * driving thread alone touches the queues, timers and idle lists, so they need no lock. Also the loop's
 * {@link Scheduler}.
 *
 * <p>Times are loop nanoseconds from {@link #nanos()}.
 */
final class EventLoopCore extends EventLoopEntrancePadding implements Scheduler {
    private static final Comparator<QueuedTask> BY_DUE_TIME =
            Comparator.<QueuedTask>comparingLong(t -> t.due).thenComparingLong(t -> t.sequence);
    private static final Comparator<IdleRequest> BY_TIMEOUT =
            Comparator.<IdleRequest>comparingLong(r -> r.timeoutDue).thenComparingLong(r -> r.timerSequence);

    // Everything below belongs to the driving thread.
    private final ReadyQueues ready = new ReadyQueues(this);
    /** The event loop's "next enqueue order". */
    private long nextEnqueueOrder = 1;
    private long nextTimerSequence = 1;
    /** Timers and delayed postTasks: what an idle period's deadline looks at. */
    private final PriorityQueue<QueuedTask> timers = new PriorityQueue<>(BY_DUE_TIME);
    private final PriorityQueue<IdleRequest> idleTimeouts = new PriorityQueue<>(BY_TIMEOUT);
    /** The "list of idle request callbacks": waiting for the next idle period. */
    private final ArrayDeque<IdleRequest> pendingIdleCallbacks = new ArrayDeque<>();
    /** The "list of runnable idle callbacks": those of the current (or an ended) idle period. */
    private final ArrayDeque<IdleRequest> runnableIdleCallbacks = new ArrayDeque<>();
    private final Map<Integer, IdleRequest> idleRequestsByHandle = new HashMap<>();
    /** The current or last idle period; null before the first. */
    private IdlePeriod idlePeriod;
    private boolean running;
    /** The event loop's "current scheduling state"; null outside postTask, idle callbacks and continuations. */
    private SchedulingState currentState;
    private long lastBackgroundRun = Long.MIN_VALUE;

    EventLoopCore(LongSupplier clock, EventLoopOptions options) {
        super(clock, millisToNanos(options.starvationGuardMillis()));
    }

    long nanos() {
        return clock.getAsLong();
    }

    boolean isClosed() {
        return closed;
    }

    ReadyQueues readyQueues() {
        return ready;
    }

    // ---------------------------------------------------------------- from any thread

    @Override
    public <T> CompletableFuture<T> postTask(Callable<T> task) {
        return postTask(task, PostTaskOptions.defaults());
    }

    /** The specification's "schedule a postTask task". */
    @Override
    public <T> CompletableFuture<T> postTask(Callable<T> task, PostTaskOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        if (closed) {
            return CompletableFuture.failedFuture(rejected());
        }
        AbortSignal signal = options.signal();
        if (signal != null && signal.isAborted()) {
            return CompletableFuture.failedFuture(AbortException.forReason(signal.reason()));
        }
        // priority source, first match wins: explicit priority, the signal if a TaskSignal, user-visible
        TaskSignal prioritySource;
        if (options.priority() != null) {
            prioritySource = TaskSignal.fixedPriority(options.priority());
        } else if (signal instanceof TaskSignal taskSignal) {
            prioritySource = taskSignal;
        } else {
            prioritySource = TaskSignal.FIXED_USER_VISIBLE;
        }
        long due = options.delay() > 0 ? saturatedAdd(nanos(), millisToNanos(options.delay())) : 0;
        PostedTask<T> posted = new PostedTask<>(this, task, SchedulingState.of(prioritySource, signal), due);
        if (signal != null && !signal.addAbortAlgorithm(posted)) {
            // aborted since the check above
            return CompletableFuture.failedFuture(AbortException.forReason(signal.reason()));
        }
        deliver(posted);
        return posted.future;
    }

    /** The specification's "schedule a yield continuation". */
    @Override
    public CompletableFuture<Void> yield() {
        SchedulingState inherited = isDrivenByCurrentThread() ? currentState : null;
        if (closed) {
            return CompletableFuture.failedFuture(rejected());
        }
        AbortSignal abortSource = inherited == null ? null : inherited.abortSource();
        if (abortSource != null && abortSource.isAborted()) {
            return CompletableFuture.failedFuture(AbortException.forReason(abortSource.reason()));
        }
        if (inherited == null) {
            inherited = SchedulingState.USER_VISIBLE;
        }
        Continuation continuation = new Continuation(this, inherited);
        if (abortSource != null && !abortSource.addAbortAlgorithm(continuation)) {
            return CompletableFuture.failedFuture(AbortException.forReason(abortSource.reason()));
        }
        deliver(continuation);
        return continuation.future;
    }

    @Override
    public int requestIdleCallback(IdleRequestCallback callback) {
        return requestIdleCallback(callback, 0);
    }

    @Override
    public int requestIdleCallback(IdleRequestCallback callback, long timeoutMillis) {
        Objects.requireNonNull(callback, "callback");
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("negative idle timeout: " + timeoutMillis);
        }
        int handle = idleCallbackIdentifier.incrementAndGet();
        if (!closed) {
            long timeoutDue = timeoutMillis == 0 ? Long.MAX_VALUE
                    : saturatedAdd(nanos(), millisToNanos(timeoutMillis));
            deliver(new IdleRequest(handle, callback, timeoutDue));
        }
        return handle;
    }

    @Override
    public void cancelIdleCallback(int handle) {
        if (closed) {
            return;
        }
        deliver(new Arrival() {
            @Override
            void arrive(EventLoopCore core) {
                IdleRequest request = idleRequestsByHandle.remove(handle);
                if (request != null) {
                    request.done = true; // dropped from the lists when met there
                }
            }
        });
    }

    void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw rejected();
        }
        deliver(new PlainTask(task));
    }

    Cancellable schedule(Runnable task, long delayMillis) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw rejected();
        }
        // like setTimeout, a negative delay is 0; a timer of 0 queues in arrival order
        long due = delayMillis <= 0 ? Long.MIN_VALUE : saturatedAdd(nanos(), millisToNanos(delayMillis));
        Timer timer = new Timer(task, due);
        deliver(timer);
        return timer;
    }

    void close() {
        closed = true;
        wake();
    }

    boolean isDrivenByCurrentThread() {
        return Thread.currentThread() == drivingThread;
    }

    private static RejectedExecutionException rejected() {
        return new RejectedExecutionException("the event loop is closed");
    }

    // ---------------------------------------------------------------- on the driving thread

    void drivenBy(Thread thread) {
        drivingThread = thread;
    }

    boolean isRunningWork() {
        return running;
    }

    /**
     * Runs one task, continuation, timer or idle callback that is runnable now; false if there is none
     * (or the loop is closed).
     */
    boolean runOne() {
        drainInbox();
        if (closed) {
            return false;
        }
        if (!timers.isEmpty() || !idleTimeouts.isEmpty()) { // the clock costs more than the check
            moveDueTimers(nanos());
        }
        QueuedTask task = pollReady();
        if (task != null) {
            running = true;
            try {
                task.run(this);
            } finally {
                running = false;
            }
            return true;
        }
        IdleRequest idle = nextIdleCallback(nanos());
        if (idle != null) {
            running = true;
            try {
                runIdleCallback(idle, idlePeriod);
            } finally {
                running = false;
            }
            return true;
        }
        return false;
    }

    void runUntilIdle() {
        while (!closed && runOne()) {
            // each round drains the inbox and moves due timers first
        }
    }

    /** Time passed inside running work (a manual loop's busy): what fell due meanwhile becomes runnable. */
    void timePassed() {
        drainInbox();
        moveDueTimers(nanos());
    }

    /**
     * The next moment something becomes runnable: now if something is, else the earliest timer, delayed
     * task, idle timeout or start of the next idle period; {@link Long#MAX_VALUE} if nothing is waiting.
     */
    long nextDueMoment() {
        drainInbox();
        long now = nanos();
        if (!ready.isEmpty()) {
            return now;
        }
        long next = Long.MAX_VALUE;
        QueuedTask timer = liveHead(timers);
        if (timer != null) {
            next = timer.due;
        }
        IdleRequest timeout = liveHead(idleTimeouts);
        if (timeout != null) {
            next = Math.min(next, timeout.timeoutDue);
        }
        if (liveHead(runnableIdleCallbacks) != null || liveHead(pendingIdleCallbacks) != null) {
            long deadline = idlePeriod == null ? now : idlePeriod.deadline();
            if (deadline <= now || (liveHead(runnableIdleCallbacks) != null && now < deadline)) {
                next = Math.min(next, now);
            } else {
                next = Math.min(next, deadline); // "the next idle period cannot start until after deadline"
            }
        }
        return Math.max(next, now);
    }

    /** Whether work has been delivered since the last {@link #runOne()}; a cheap check to spin on. */
    boolean hasArrivals() {
        return inbox.hasLinkedArrival();
    }

    /** Parks a real-time loop's thread until {@code due} or until work is delivered. */
    void park(long due) {
        Thread current = Thread.currentThread();
        parkedThread = current;
        if (!inbox.mayHaveArrivals() && !closed) {
            long now = nanos();
            if (due == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else if (due > now) {
                LockSupport.parkNanos(this, due - now);
            }
        }
        parkedThread = null;
    }

    private void drainInbox() {
        Arrival arrival;
        while ((arrival = inbox.poll()) != null) {
            arrival.arrive(this);
        }
    }

    void enqueue(QueuedTask task, TaskSignal prioritySource, boolean continuation) {
        number(task);
        ready.add(task, prioritySource, continuation);
    }

    void enqueuePlain(QueuedTask task) {
        number(task);
        ready.addPlain(task);
    }

    private void number(QueuedTask task) {
        task.sequence = nextEnqueueOrder++;
        if (starvationGuardNanos > 0) {
            task.due = nanos(); // from here on, when it was queued
        }
    }

    void addTimer(QueuedTask task) {
        if (task.due == Long.MIN_VALUE) {
            enqueuePlain(task);
            return;
        }
        task.sequence = nextTimerSequence++;
        timers.add(task);
    }

    void addIdleRequest(IdleRequest request) {
        idleRequestsByHandle.put(request.handle, request);
        pendingIdleCallbacks.addLast(request);
        if (request.hasTimeout()) {
            request.timerSequence = nextTimerSequence++;
            idleTimeouts.add(request);
        }
    }

    /**
     * Queues every timer, delayed task and idle timeout due by {@code now}, in order of due time and then
     * of scheduling: each takes its enqueue order as it falls due.
     */
    private void moveDueTimers(long now) {
        while (true) {
            QueuedTask timer = liveHead(timers);
            IdleRequest timeout = liveHead(idleTimeouts);
            boolean timerDue = timer != null && timer.due <= now;
            boolean timeoutDue = timeout != null && timeout.timeoutDue <= now;
            if (timerDue && timeoutDue) {
                // both due: the earlier, then the first scheduled
                boolean timerFirst = timer.due < timeout.timeoutDue
                        || (timer.due == timeout.timeoutDue && timer.sequence < timeout.timerSequence);
                timerDue = timerFirst;
                timeoutDue = !timerFirst;
            }
            if (timerDue) {
                timers.poll();
                long dueTime = timer.due;
                if (idlePeriod != null) {
                    idlePeriod.timerFellDue(dueTime);
                }
                timer.fallDue(this);
                if (starvationGuardNanos > 0) {
                    timer.due = dueTime; // it became runnable at its due time, even inside a busy()
                }
            } else if (timeoutDue) {
                idleTimeouts.poll();
                IdleTimeoutTask task = new IdleTimeoutTask(timeout);
                enqueuePlain(task);
                if (starvationGuardNanos > 0) {
                    task.due = timeout.timeoutDue;
                }
            } else {
                return;
            }
        }
    }

    /** The earliest pending timer or delayed postTask, for an idle period's deadline. */
    long earliestTimerDue() {
        QueuedTask timer = liveHead(timers);
        return timer == null ? Long.MAX_VALUE : timer.due;
    }

    /** An idle deadline asked for on the loop's thread sees the timers its callback just scheduled. */
    long refreshedDeadline(IdlePeriod period) {
        drainInbox();
        return period.deadline();
    }

    /** "The oldest, highest priority runnable scheduler task", or a starved background one. */
    private QueuedTask pollReady() {
        if (starvationGuardNanos > 0) {
            long now = nanos();
            int level = ready.highestLevel();
            if (level < 0) {
                return null;
            }
            if (level >= ReadyQueues.FIRST_FOREGROUND) {
                int starved = starvedBackgroundLevel(now);
                if (starved >= 0) {
                    level = starved;
                }
            }
            if (level < ReadyQueues.FIRST_FOREGROUND) {
                lastBackgroundRun = now;
            }
            return ready.poll(level);
        }
        for (int level = ReadyQueues.LEVELS - 1; level >= 0; level--) {
            QueuedTask task = ready.poll(level);
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    /** The starvation guard: the background level whose oldest task waited too long, or -1. */
    private int starvedBackgroundLevel(long now) {
        int starved = -1;
        long oldest = Long.MAX_VALUE;
        for (int level = ReadyQueues.FIRST_FOREGROUND - 1; level >= 0; level--) {
            QueuedTask head = ready.peek(level);
            if (head != null && head.due < oldest) {
                oldest = head.due; // when it was queued
                starved = level;
            }
        }
        // the wait counts from the last time background work ran: one task per period, not a flood
        if (starved >= 0 && now - Math.max(oldest, lastBackgroundRun) >= starvationGuardNanos) {
            return starved;
        }
        return -1;
    }

    /**
     * The idle callback to run now, when nothing else is runnable: the next one of the current period
     * before its deadline, or the first of a new period, which starts only when a callback is waiting and
     * the previous period's deadline has passed ("start an idle period" moves the pending list to the
     * runnable list, so callbacks requested during a period wait for the next one).
     */
    private IdleRequest nextIdleCallback(long now) {
        if (idlePeriod != null && now < idlePeriod.deadline()) {
            IdleRequest next = pollLive(runnableIdleCallbacks);
            if (next != null) {
                return next;
            }
            return null; // the period lasts until its deadline; pending callbacks wait for the next one
        }
        if (liveHead(runnableIdleCallbacks) == null && liveHead(pendingIdleCallbacks) == null) {
            return null;
        }
        idlePeriod = new IdlePeriod(this, now);
        for (IdleRequest request : pendingIdleCallbacks) {
            if (!request.done) {
                runnableIdleCallbacks.addLast(request);
            }
        }
        pendingIdleCallbacks.clear();
        return pollLive(runnableIdleCallbacks);
    }

    void runIdleCallback(IdleRequest request, IdleDeadline deadline) {
        request.done = true;
        idleRequestsByHandle.remove(request.handle);
        SchedulingState previous = enterState(SchedulingState.BACKGROUND);
        try {
            request.callback.run(deadline);
        } catch (Throwable e) {
            reportUncaught(e);
        } finally {
            leaveState(previous);
        }
    }

    SchedulingState enterState(SchedulingState state) {
        SchedulingState previous = currentState;
        currentState = state;
        return previous;
    }

    void leaveState(SchedulingState previous) {
        currentState = previous;
    }

    /** After close, on the driving thread: nothing pending will run, so let it all go. */
    void discardPending() {
        Arrival arrival;
        while ((arrival = inbox.poll()) != null) {
            arrival.discard();
        }
        ready.clear(QueuedTask::discard);
        timers.forEach(QueuedTask::discard);
        timers.clear();
        idleTimeouts.clear();
        pendingIdleCallbacks.clear();
        runnableIdleCallbacks.clear();
        idleRequestsByHandle.clear();
    }

    private static QueuedTask liveHead(PriorityQueue<QueuedTask> heap) {
        QueuedTask head;
        while ((head = heap.peek()) != null && !head.isLive()) {
            heap.poll();
        }
        return head;
    }

    private static IdleRequest liveHead(java.util.Queue<IdleRequest> queue) {
        IdleRequest head;
        while ((head = queue.peek()) != null && head.done) {
            queue.poll();
        }
        return head;
    }

    private static IdleRequest pollLive(ArrayDeque<IdleRequest> queue) {
        liveHead(queue);
        return queue.pollFirst();
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static long millisToNanos(long millis) {
        return millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
    }

    /** Hands a callback's exception to the current thread's uncaught-exception handler; the caller goes on. */
    static void reportUncaught(Throwable e) {
        Thread thread = Thread.currentThread();
        try {
            thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
        } catch (Throwable ignored) {
            // a failing handler must not stop the loop or the other listeners
        }
    }
}
