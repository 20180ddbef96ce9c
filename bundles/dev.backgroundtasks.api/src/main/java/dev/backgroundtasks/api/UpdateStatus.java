package dev.backgroundtasks.api;

import java.util.Optional;

/**
 * What the launcher did with the installation's staged update at the start of a run, the value of the
 * framework property {@link FrameworkProperties#UPDATE_STATUS}. Only normal mode and updating tasks
 * apply a staged update, and only when no other process of the installation runs; any process finishes
 * an update that a crash interrupted.
 */
public enum UpdateStatus {
    /** The staged update was applied. */
    APPLIED,
    /** An update that a crash had interrupted was completed; nothing staged was looked at (not an updating run). */
    INTERRUPTED_UPDATE_COMPLETED,
    /** An updating run found nothing staged. */
    NOTHING_STAGED,
    /** The staged update was malformed and moved aside, untouched. */
    REJECTED,
    /** Applying the update failed; the next updating run tries again. */
    FAILED,
    /** Not an updating run: what is staged is left for one. */
    NOT_AN_UPDATING_TASK,
    /** Another process of the installation was running: nothing was applied; try again later. */
    OTHER_INSTANCE_RUNNING;

    /** Whether the installation's files changed at start, so that what was looked up before is stale. */
    public boolean changedInstallation() {
        return this == APPLIED || this == INTERRUPTED_UPDATE_COMPLETED;
    }

    /** The status a framework property value names; empty for null or a value that names none (not the launcher's). */
    public static Optional<UpdateStatus> of(String propertyValue) {
        for (UpdateStatus status : values()) {
            if (status.name().equals(propertyValue)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
