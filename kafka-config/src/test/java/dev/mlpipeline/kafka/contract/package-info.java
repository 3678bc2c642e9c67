/**
 * The event contract of the pipeline, generated from the code: the AsyncAPI document and
 * JSON Schemas of {@code docs/asyncapi}, the check of who sends and receives what against
 * the apps' sources, and the compatibility of every released version's payloads
 * ({@code src/test/resources/compatibility}). Public for the apps' tests (the promoter
 * writes the schema of its own {@code live-stats} payload).
 */
package dev.mlpipeline.kafka.contract;
