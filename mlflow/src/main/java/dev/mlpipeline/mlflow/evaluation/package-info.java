/**
 * What a trainer records about a candidate measured against the champion on the same
 * data, in the form the promoter reads back: the paired per-fold (or holdout) figures of
 * {@code evaluation/paired_folds.json}, and the run tags and metric names around them.
 */
package dev.mlpipeline.mlflow.evaluation;
