/**
 * The champion re-scored on the candidate's data: the production version, read through
 * the verified path serving uses, scored on exactly the test folds (or holdout) the
 * candidate is evaluated on, so the promoter compares the two pair by pair.
 */
package dev.mlpipeline.trainer.champion;
