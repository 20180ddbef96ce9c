package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CapabilityHeaderTest {
    private static final String NS = "dev.backgroundtasks.task";

    @Test
    void readsTheClausesOfOneNamespaceAsBndWritesThem() {
        String header = "osgi.service;objectClass:List<String>=\"dev.backgroundtasks.api.BackgroundTask\";"
                + "uses:=\"dev.backgroundtasks.api\",dev.backgroundtasks.task;dev.backgroundtasks.task=backgroundupdate;"
                + "timeoutSec:Long=0;minRuntimeMs:Long=0;noOutput=false;persistentProfile=true;updating=true;exclusive=true,"
                + " dev.backgroundtasks.task ; dev.backgroundtasks.task=\"two;x,y\\\"z\" ; timeoutSec:Long = 30";
        List<Map<String, String>> clauses = CapabilityHeader.clauses(header, NS);
        assertEquals(2, clauses.size());
        assertEquals("backgroundupdate", clauses.get(0).get(NS));
        assertEquals("true", clauses.get(0).get("exclusive"));
        assertEquals("0", clauses.get(0).get("timeoutSec"));
        assertEquals("two;x,y\"z", clauses.get(1).get(NS));
        assertEquals("30", clauses.get(1).get("timeoutSec"));
        assertEquals(List.of(), CapabilityHeader.clauses(null, NS));
        assertEquals(List.of(), CapabilityHeader.clauses("osgi.ee;osgi.ee=JavaSE", NS));
    }

    @Test
    void aMalformedHeaderIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> CapabilityHeader.clauses(NS + ";a=\"open", NS));
        assertThrows(IllegalArgumentException.class, () -> CapabilityHeader.clauses(NS + ";a=1;other", NS));
        assertThrows(IllegalArgumentException.class, () -> CapabilityHeader.clauses(NS + ";=1", NS));
    }
}
