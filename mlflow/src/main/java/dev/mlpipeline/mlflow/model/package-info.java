/**
 * The model artifact layout and tags shared by trainer, promoter and serving, so the
 * three agree on where a model's files live and what they mean.
 */
package dev.mlpipeline.mlflow.model;
