/**
 * A typed client for the MLflow tracking server, its artifact proxy and its model
 * registry: the one place in the pipeline that knows MLflow's REST API.
 */
package dev.mlpipeline.mlflow;
