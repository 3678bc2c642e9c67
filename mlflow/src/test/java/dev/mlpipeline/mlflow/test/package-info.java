/**
 * Test fixtures other modules reuse: an in-process MLflow REST double that answers like
 * MLflow 2.17 or 3.11, and the chooser that picks it or a real server.
 */
package dev.mlpipeline.mlflow.test;
