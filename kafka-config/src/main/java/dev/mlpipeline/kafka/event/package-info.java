/**
 * The events of the pipeline: past-tense records with plain field types, serialized as
 * JSON without Java class names and keyed by model name. They evolve by adding fields
 * only; readers ignore fields they do not know. A component marked {@code @Nullable} may
 * be {@code null}; every other one is always filled by the pipeline's producers (the
 * contract's JSON Schemas, {@code docs/asyncapi/schemas}, require it).
 */
package dev.mlpipeline.kafka.event;
