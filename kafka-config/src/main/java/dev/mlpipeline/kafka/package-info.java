/**
 * Kafka contracts shared by every app: the topic catalogue, business-failure types and
 * the auto-configured producer, consumer and error-handling defaults.
 */
package dev.mlpipeline.kafka;
