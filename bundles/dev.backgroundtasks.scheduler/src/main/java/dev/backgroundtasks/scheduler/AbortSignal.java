package dev.backgroundtasks.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Tells work that it is no longer wanted, the DOM's AbortSignal. Obtained from an
 * {@link AbortController}, from {@link #aborted(Object)} or from {@link TaskSignal#any}. A signal is
 * aborted at most once; its listeners run synchronously on the thread that aborts it.
 */
public class AbortSignal {
    /** What a task registers on its signal: the specification's "abort steps" of a task handle. */
    interface AbortAlgorithm {
        void abort(Object reason);
    }

    private boolean aborted;
    private Object reason;
    private LinkedHashSet<AbortAlgorithm> algorithms = new LinkedHashSet<>();
    private List<Runnable> listeners = new ArrayList<>();

    /** DOM "dependent": made by {@code any}, aborted through its sources. */
    final boolean dependent;
    private final List<AbortSignal> sourceSignals = new ArrayList<>();
    private List<AbortSignal> dependentSignals = new ArrayList<>();

    AbortSignal(boolean dependent) {
        this.dependent = dependent;
    }

    /** Whether the signal has been aborted. */
    public synchronized boolean isAborted() {
        return aborted;
    }

    /** The abort reason: null until aborted, then the reason given to {@code abort}, or an {@link AbortException}. */
    public synchronized Object reason() {
        return reason;
    }

    /**
     * Adds a listener called once, synchronously, on the thread that aborts this signal, after the
     * tasks of the signal have been failed. A listener added to an already aborted signal is never
     * called. A listener that throws goes to that thread's uncaught-exception handler; the others still run.
     */
    public void addAbortListener(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (!aborted) {
                listeners.add(listener);
            }
        }
    }

    /** A signal that is already aborted with the given reason (an {@link AbortException} when null). */
    public static AbortSignal aborted(Object reason) {
        AbortSignal signal = new AbortSignal(false);
        signal.markAborted(reasonOrDefault(reason));
        return signal;
    }

    static Object reasonOrDefault(Object reason) {
        return reason == null ? new AbortException() : reason;
    }

    /** Registers abort steps; false (and nothing registered) when the signal is already aborted. */
    synchronized boolean addAbortAlgorithm(AbortAlgorithm algorithm) {
        if (aborted) {
            return false;
        }
        algorithms.add(algorithm);
        return true;
    }

    /** The specification's "task complete steps": a finished task no longer listens. */
    synchronized void removeAbortAlgorithm(AbortAlgorithm algorithm) {
        if (!aborted) {
            algorithms.remove(algorithm);
        }
    }

    /** DOM "signal abort": this signal, then its dependents, each runs its abort steps once. */
    void signalAbort(Object reason) {
        if (!markAborted(reason)) {
            return; // a second abort is a no-op
        }
        List<AbortSignal> dependentsToAbort = new ArrayList<>();
        for (AbortSignal dependent : takeDependents()) {
            if (dependent.markAborted(reason)) {
                dependentsToAbort.add(dependent);
            }
        }
        runAbortSteps();
        for (AbortSignal dependent : dependentsToAbort) {
            dependent.runAbortSteps();
        }
    }

    private synchronized boolean markAborted(Object abortReason) {
        if (aborted) {
            return false;
        }
        aborted = true;
        reason = abortReason;
        return true;
    }

    private synchronized List<AbortSignal> takeDependents() {
        List<AbortSignal> taken = dependentSignals;
        dependentSignals = new ArrayList<>(0); // an aborted signal never aborts again: let its dependents go
        return taken;
    }

    private void runAbortSteps() {
        List<AbortAlgorithm> steps;
        List<Runnable> toNotify;
        Object abortReason;
        synchronized (this) {
            steps = new ArrayList<>(algorithms);
            toNotify = listeners;
            algorithms = new LinkedHashSet<>(0);
            listeners = new ArrayList<>(0);
            abortReason = reason;
        }
        for (AbortAlgorithm step : steps) {
            step.abort(abortReason);
        }
        for (Runnable listener : toNotify) {
            try {
                listener.run();
            } catch (Throwable e) {
                reportUncaught(e);
            }
        }
    }

    /** DOM "create a dependent abort signal": aborted by any of {@code signals}, chains flattened to their sources. */
    void followAll(List<? extends AbortSignal> signals) {
        for (AbortSignal signal : signals) {
            if (signal.isAborted()) {
                markAborted(signal.reason());
                return;
            }
        }
        for (AbortSignal signal : signals) {
            if (!signal.dependent) {
                follow(signal);
            } else {
                for (AbortSignal source : signal.sources()) {
                    follow(source);
                }
            }
        }
    }

    private void follow(AbortSignal source) {
        synchronized (this) {
            if (sourceSignals.contains(source)) {
                return;
            }
            sourceSignals.add(source);
        }
        boolean added;
        synchronized (source) {
            added = !source.aborted;
            if (added) {
                source.dependentSignals.add(this);
            }
        }
        if (!added) {
            // the source aborted between the check above and now: follow it as the DOM would have
            signalAbort(source.reason());
        }
    }

    private synchronized List<AbortSignal> sources() {
        return new ArrayList<>(sourceSignals);
    }

    static void reportUncaught(Throwable e) {
        EventLoopCore.reportUncaught(e);
    }
}
