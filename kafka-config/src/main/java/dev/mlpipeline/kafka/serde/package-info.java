/**
 * JSON serialization of the pipeline's events, without type headers.
 */
package dev.mlpipeline.kafka.serde;
