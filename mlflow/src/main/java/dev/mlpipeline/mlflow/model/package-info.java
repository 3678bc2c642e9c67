/**
 * The model artifact layout and tags shared by trainer, promoter and serving, so the
 * three agree on where a model's files live and what they mean; and the one verified,
 * filtered read of a Weka model file
 * ({@link dev.mlpipeline.mlflow.model.VerifiedModelFiles},
 * {@link dev.mlpipeline.mlflow.model.WekaModelFile}) with the process-wide
 * deserialization filter ({@link dev.mlpipeline.mlflow.model.ProcessSerialFilter}) that
 * keeps every other stream in the process to the same allow-list.
 */
package dev.mlpipeline.mlflow.model;
