/**
 * Staged rollouts (issue 16): the modes a candidate reaches production by
 * ({@link dev.mlpipeline.promoter.rollout.RolloutMode}), the stage a challenger is in as
 * the registry holds it ({@link dev.mlpipeline.promoter.rollout.RolloutStage}), and what
 * follows each verdict of the live gates
 * ({@link dev.mlpipeline.promoter.rollout.RolloutPlan}). Pure so far: the edge that
 * stages candidates, reads the live stats on a timer and writes the registry comes next.
 */
package dev.mlpipeline.promoter.rollout;
