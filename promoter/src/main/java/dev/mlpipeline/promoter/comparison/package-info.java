/**
 * The paired significance tests the promotion policy uses to decide whether a candidate
 * really beats its champion on the same data: the corrected resampled t-test over paired
 * cross-validation folds ({@link dev.mlpipeline.promoter.comparison.TTest}) and McNemar's
 * test over paired holdout predictions
 * ({@link dev.mlpipeline.promoter.comparison.McNemar}), both computed by
 * {@link dev.mlpipeline.promoter.comparison.PairedTests}. Pure functions: no Spring, no
 * I/O.
 */
package dev.mlpipeline.promoter.comparison;
