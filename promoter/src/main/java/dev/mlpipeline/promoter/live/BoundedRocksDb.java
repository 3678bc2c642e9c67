package dev.mlpipeline.promoter.live;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB store of the topology in this process: one
 * block cache shared by all of them, memtables counted against it, as Kafka Streams'
 * memory management guide recommends. Without it each store takes its own 50 MB cache and
 * 48 MB of write buffers, outside the heap and the container's budget for it.
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

	/** The config naming the bytes all stores share, cache and memtables together. */
	public static final String MEMORY_CONFIG = "pipeline.live.rocksdb.memory-bytes";

	// memtables may take at most this share of the shared memory
	private static final double WRITE_BUFFER_SHARE = 0.5;

	private static Cache cache;

	private static WriteBufferManager writeBuffers;

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(shared(configs));
		table.setCacheIndexAndFilterBlocks(true);
		table.setPinTopLevelIndexAndFilter(true);
		options.setWriteBufferManager(writeBuffers);
		options.setTableFormatConfig(table);
	}

	@Override
	public void close(String storeName, Options options) {
		// the cache and the write buffer manager are shared by every store: kept open
	}

	private static synchronized Cache shared(Map<String, Object> configs) {
		if (cache == null) {
			long bytes = Long.parseLong(String.valueOf(configs.get(MEMORY_CONFIG)));
			cache = new LRUCache(bytes, -1, false, WRITE_BUFFER_SHARE);
			writeBuffers = new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache);
		}
		return cache;
	}

}
