/**
 * The promotion dashboard at {@code /}: one page per model with its champion, challenger
 * and rollout, the decision timeline, charts of the primary metric across versions and of
 * live stats over time, the serving replicas, and the operator's actions. The page is a
 * client of the promoter's own API (the same JSON, the same roles, the same audited
 * commands) and is kept current by server-sent events fed by Kafka. {@link MetricHistory}
 * and {@link LiveSeries} are the pure core; {@link DashboardFeed} (the topics) and
 * {@link DashboardController} ({@code /dashboard/...}) are the edge.
 */
package dev.mlpipeline.promoter.dashboard;
