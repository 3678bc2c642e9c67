/**
 * Commands through Kafka: every decision about a model is taken by the one consumer that
 * owns the model's partition of {@code model-registered} and {@code promotion-commands},
 * on any number of promoter replicas. An operator's call on any replica becomes a
 * {@code PromotionRequested} ({@link CommandBus}); the owner applies it
 * ({@link ModelPartitionListener} and the features' {@link CommandHandler}s) and answers
 * on {@code promotion-replies}, which every replica reads ({@link ReplyListener}).
 */
package dev.mlpipeline.promoter.command;
