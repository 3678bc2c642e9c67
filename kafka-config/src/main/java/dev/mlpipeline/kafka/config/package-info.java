/**
 * Spring Boot auto-configuration of the shared Kafka defaults.
 */
package dev.mlpipeline.kafka.config;
