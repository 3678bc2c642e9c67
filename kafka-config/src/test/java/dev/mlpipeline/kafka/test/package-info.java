/**
 * Test fixture shared by every module: one real Kafka broker per test JVM.
 */
package dev.mlpipeline.kafka.test;
