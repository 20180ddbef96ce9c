package dev.backgroundtasks.task.deploy.internal;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML into the fabric8 Kubernetes model (generated from the Kubernetes OpenAPI schema) and
 * rejects what the schema does not have. The model keeps unknown fields in an any-setter map, which
 * would accept anything; here the any-setters are switched off so an unknown field fails, and scalars
 * are not coerced, so {@code "3"} is no integer.
 */
final class StrictKubernetes {
    private static final YAMLMapper STRICT = YAMLMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                private static final long serialVersionUID = 1L;

                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private static final YAMLMapper PLAIN = YAMLMapper.builder().build();

    private StrictKubernetes() {
    }

    /** The object, or a Jackson exception naming the field the schema does not know. */
    static <T> T read(String yaml, Class<T> type) {
        return STRICT.readValue(yaml, type);
    }

    /** The document as a plain tree, for assertions on what was written. */
    static JsonNode tree(String yaml) {
        return PLAIN.readTree(yaml);
    }
}
