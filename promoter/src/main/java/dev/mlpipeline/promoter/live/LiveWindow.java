package dev.mlpipeline.promoter.live;

import java.time.Instant;

/**
 * One window of live stats as the {@value LiveStatsTopology#LIVE_STATS_TOPIC} topic
 * carries it: whose stats, the window's bounds beside them, so a reader of the topic
 * needs no knowledge of the topology's window size.
 *
 * @param key whose stats
 * @param start the window's start, inclusive
 * @param end the window's end, exclusive
 * @param stats what live traffic showed in the window
 */
public record LiveWindow(LiveKey key, Instant start, Instant end, LiveStats stats) {

}
