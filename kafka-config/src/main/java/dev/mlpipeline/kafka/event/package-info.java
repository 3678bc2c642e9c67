/**
 * The events of the pipeline: past-tense records with plain field types, serialized as
 * JSON without Java class names and keyed by model name. They evolve by adding fields
 * only; readers ignore fields they do not know.
 */
package dev.mlpipeline.kafka.event;
