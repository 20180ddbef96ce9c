package dev.backgroundtasks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class UpdateStatusTest {
    @Test
    void aPropertyValueNamesItsStatus() {
        for (UpdateStatus status : UpdateStatus.values()) {
            assertEquals(Optional.of(status), UpdateStatus.of(status.name()));
        }
        assertEquals(Optional.empty(), UpdateStatus.of(null));
        assertEquals(Optional.empty(), UpdateStatus.of("applied 2.0"));
    }

    @Test
    void onlyApplyingChangesTheInstallation() {
        assertTrue(UpdateStatus.APPLIED.changedInstallation());
        assertTrue(UpdateStatus.INTERRUPTED_UPDATE_COMPLETED.changedInstallation());
        assertFalse(UpdateStatus.NOTHING_STAGED.changedInstallation());
        assertFalse(UpdateStatus.FAILED.changedInstallation());
        assertFalse(UpdateStatus.OTHER_INSTANCE_RUNNING.changedInstallation());
    }
}
