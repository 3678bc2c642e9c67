/**
 * Test fixtures other modules reuse: an in-process MLflow 2.17 REST double and the
 * chooser that picks it or a real server.
 */
package dev.mlpipeline.mlflow.test;
