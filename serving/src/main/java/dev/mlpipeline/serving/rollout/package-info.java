/**
 * How a challenger shares a model's traffic with the champion: the registry's
 * {@code rollout} tag parsed ({@code shadow} or {@code canary:<percent>}), and the stable
 * routing of a canary by a hash of the caller's routing key.
 */
package dev.mlpipeline.serving.rollout;
