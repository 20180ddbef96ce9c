package dev.backgroundtasks.launcher.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogBridgeTest {
    @Test
    void theJulConfigurationIsNamedByItsClassName() {
        assertEquals(JulConfig.class.getName(), LogBridge.JUL_CONFIG_CLASS);
    }
}
