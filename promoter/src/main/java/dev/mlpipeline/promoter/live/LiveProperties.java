package dev.mlpipeline.promoter.live;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The live stats topology of the promoter, under {@code promotion.live}.
 *
 * @param enabled whether the promoter runs it ({@code PROMOTION_LIVE_ENABLED})
 * @param applicationId the Kafka Streams application id: its consumer group, and the
 * prefix of its changelog and repartition topics; the same on every promoter replica
 * @param stateDir where the local state stores live; empty: a new directory under the
 * temporary directory at each start (the stores are rebuilt from their changelog topics)
 * @param processingGuarantee Kafka Streams' {@code processing.guarantee}
 * @param window the size of a tumbling stats window
 * @param grace how long after a window's end a late record still counts in it
 * @param joinRetention how long a prediction waits for its feedback, and feedback for its
 * prediction
 * @param statsRetention how long windows are kept to be summed
 * @param maxSpan the longest span {@code GET /models/{name}/live} sums
 * @param rocksdbMemory the native memory all the topology's RocksDB stores share (block
 * cache and memtables)
 */
@ConfigurationProperties("promotion.live")
@Validated
public record LiveProperties(@DefaultValue("true") boolean enabled,
		@NotBlank @DefaultValue("promoter-live") String applicationId, String stateDir,
		@NotBlank @DefaultValue("exactly_once_v2") String processingGuarantee,
		@NotNull @DefaultValue("1m") Duration window, @NotNull @DefaultValue("5m") Duration grace,
		@NotNull @DefaultValue("1h") Duration joinRetention, @NotNull @DefaultValue("1d") Duration statsRetention,
		@NotNull @DefaultValue("1d") Duration maxSpan, @NotNull @DefaultValue("64MB") DataSize rocksdbMemory) {

}
