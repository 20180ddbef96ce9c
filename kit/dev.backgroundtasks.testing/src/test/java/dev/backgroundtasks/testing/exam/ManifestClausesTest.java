package dev.backgroundtasks.testing.exam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ManifestClausesTest {
    @Test
    void quotedCommasStayInTheirClause() {
        String header = "a.b;uses:=\"c.d,e.f\";version=\"1.0.0\",c.d;version=\"2.0.0\"";
        assertEquals(List.of("a.b;uses:=\"c.d,e.f\";version=\"1.0.0\"", "c.d;version=\"2.0.0\""),
                ManifestClauses.split(header));
    }

    @Test
    void oneNameOfAClauseWithSeveral() {
        assertEquals(List.of("x", "y"), ManifestClauses.names("x;y;version=\"1\""));
        assertEquals("y;version=\"1\"", ManifestClauses.withName("x;y;version=\"1\"", "y"));
    }
}
