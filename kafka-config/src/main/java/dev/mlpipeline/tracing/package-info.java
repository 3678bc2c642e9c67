/**
 * Tracing for every app of the pipeline: {@code MANAGEMENT_OTLP_TRACING_ENDPOINT} turns
 * OTLP export on (and sampling to everything) or leaves it off at no cost, every Kafka
 * template the apps send events with is observed so the trace context rides in record
 * headers, and those templates never wait for the broker to learn its cluster id.
 */
package dev.mlpipeline.tracing;
