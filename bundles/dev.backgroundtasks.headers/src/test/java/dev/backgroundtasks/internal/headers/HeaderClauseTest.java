package dev.backgroundtasks.internal.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Version;

/** OSGi Core 3.2.4 header syntax, as the launcher reads manifests without a framework. */
class HeaderClauseTest {

    @Test
    void clausesAreSeparatedByCommas() {
        List<HeaderClause> clauses = HeaderClause.parse("a.b;version=1, c.d ,e");
        assertEquals(3, clauses.size());
        assertEquals("a.b", clauses.get(0).path());
        assertEquals("c.d", clauses.get(1).path());
        assertEquals("e", clauses.get(2).path());
        assertEquals(Map.of("version", "1"), clauses.get(0).attributes());
        assertEquals(Map.of(), clauses.get(1).attributes());
    }

    @Test
    void aClauseMayHaveSeveralPaths() {
        HeaderClause c = HeaderClause.parse("p.a; p.b;version=2").get(0);
        assertEquals(List.of("p.a", "p.b"), c.paths());
        assertEquals("2", c.attributes().get("version"));
    }

    @Test
    void directivesAreSeparateFromAttributes() {
        HeaderClause c = HeaderClause.parse("p;resolution:=optional;x=1;uses := \"a,b\"").get(0);
        assertEquals(Map.of("resolution", "optional", "uses", "a,b"), c.directives());
        assertEquals(Map.of("x", "1"), c.attributes());
        assertEquals("optional", c.directive("resolution", "mandatory"));
        assertEquals("resolve", c.directive("effective", "resolve"));
    }

    @Test
    void quotedValuesKeepCommasSemicolonsAndEquals() {
        List<HeaderClause> clauses = HeaderClause.parse("p;x=\"1,2;3=4\";filter:=\"(&(a=b)(c=d))\",q");
        assertEquals(2, clauses.size());
        assertEquals("1,2;3=4", clauses.get(0).attributes().get("x"));
        assertEquals("(&(a=b)(c=d))", clauses.get(0).directive("filter", null));
        assertEquals("q", clauses.get(1).path());
    }

    @Test
    void anEscapedQuoteStaysInsideAQuotedValue() {
        HeaderClause c = HeaderClause.parse("p;x=\"say \\\"hi, there\\\"\"").get(0);
        assertEquals("say \"hi, there\"", c.attributes().get("x"));
    }

    @Test
    void anUntypedAttributeIsAString() {
        assertEquals("5", HeaderClause.parse("p;n=5").get(0).attributes().get("n"));
        assertEquals("true", HeaderClause.parse("p;b=true").get(0).attributes().get("b"));
    }

    @Test
    void aLongAttribute() {
        assertEquals(5L, HeaderClause.parse("p;n:Long=5").get(0).attributes().get("n"));
        assertEquals(-7L, HeaderClause.parse("p;n : Long = \"-7\"").get(0).attributes().get("n"));
    }

    @Test
    void aDoubleAttribute() {
        assertEquals(1.5d, HeaderClause.parse("p;d:Double=1.5").get(0).attributes().get("d"));
    }

    @Test
    void aVersionAttribute() {
        assertEquals(new Version(1, 2, 3, "q"), HeaderClause.parse("p;v:Version=\"1.2.3.q\"").get(0).attributes().get("v"));
    }

    @Test
    void anExplicitStringAttribute() {
        assertEquals("1", HeaderClause.parse("p;s:String=1").get(0).attributes().get("s"));
    }

    @Test
    void aListOfStrings() {
        Object value = HeaderClause.parse("osgi.service;objectClass:List<String>=\"x.Y, z.W\"").get(0)
                .attributes().get("objectClass");
        assertEquals(List.of("x.Y", "z.W"), value);
    }

    @Test
    void aListWithAnEscapedComma() {
        Object value = HeaderClause.parse("p;l:List<String>=\"a\\,b,c\"").get(0).attributes().get("l");
        assertEquals(List.of("a,b", "c"), value);
    }

    @Test
    void aListOfLongs() {
        assertEquals(List.of(1L, 2L), HeaderClause.parse("p;l:List<Long>=\"1,2\"").get(0).attributes().get("l"));
    }

    @Test
    void aListWithoutElementTypeHoldsStrings() {
        assertEquals(List.of("1", "2"), HeaderClause.parse("p;l:List=\"1,2\"").get(0).attributes().get("l"));
    }

    @Test
    void anEmptyOrMissingHeaderHasNoClauses() {
        assertTrue(HeaderClause.parse(null).isEmpty());
        assertTrue(HeaderClause.parse("").isEmpty());
        assertTrue(HeaderClause.parse("  ").isEmpty());
    }

    @Test
    void emptyClausesAreIgnored() {
        assertEquals(2, HeaderClause.parse("a,,b,").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "p;x=\"unterminated",       // an open quote
        "p;x=1;q",                  // a path after parameters
        "x=1",                      // a clause without a path
        ";x:=1",                    // a clause with only a directive
        "p;x:Foo=1",                // an unknown type
        "p;=1",                     // a parameter without a name
        "p;x:Long=abc",             // not a number
        "p;x:Version=\"[1,2)\"",    // a range is not a version
        "p;x:List<Long>=\"1,b\""    // a bad list element
    })
    void malformedHeadersAreIllegalArguments(String header) {
        assertThrows(IllegalArgumentException.class, () -> HeaderClause.parse(header));
    }
}
