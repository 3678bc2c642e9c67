#!/usr/bin/env python3
"""Records the MLflow 3 LoggedModel exchanges the pipeline's client makes that the shared
3.11.1 contract file does not hold (create with params and tags, metrics linked through
log-batch, runs/outputs, UPLOAD_FAILED, model params, errors), from a real server, in the
contract file format (one JSON object per line).

Usage: python3 record_logged_models.py http://127.0.0.1:5300 OUT.jsonl   (fresh store)
"""
import json
import sys
import urllib.error
import urllib.request

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
exchanges = []


def call(name, method, path, body=None, query=None):
    url = BASE + path
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as answer:
            status, ctype, raw = answer.status, answer.headers.get("Content-Type"), answer.read().decode()
    except urllib.error.HTTPError as error:
        status, ctype, raw = error.code, error.headers.get("Content-Type"), error.read().decode()
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = raw
    exchanges.append({"name": name, "phase": "main", "method": method, "path": path, "query": query,
                      "request_body": body, "request_content_type": "application/json" if data else None,
                      "status": status, "response_content_type": ctype, "response_body": parsed,
                      "response_raw": raw})
    return parsed


API = "/api/2.0/mlflow"
exp = call("create_experiment", "POST", API + "/experiments/create", {"name": "logged-extra"})["experiment_id"]
run = call("create_run", "POST", API + "/runs/create",
           {"experiment_id": exp, "run_name": "train", "start_time": 1, "tags": []})["run"]["info"]["run_id"]
model = call("lx_create_with_params_and_tags", "POST", API + "/logged-models",
             {"experiment_id": exp, "name": "model", "source_run_id": run, "model_type": "Classifier",
              "params": [{"key": "algorithm", "value": "J48"}], "tags": [{"key": "job_id", "value": "j1"}]}
             )["model"]["info"]["model_id"]
call("lx_log_batch_metrics_with_model_id", "POST", API + "/runs/log-batch",
     {"run_id": run, "metrics": [{"key": "accuracy", "value": 0.95, "timestamp": 1, "step": 0, "model_id": model}]})
call("lx_log_outputs", "POST", API + "/runs/outputs", {"run_id": run, "models": [{"model_id": model, "step": 0}]})
call("lx_finalize_ready", "PATCH", API + "/logged-models/" + model, {"model_id": model, "status": "LOGGED_MODEL_READY"})
call("lx_get_with_linked_metrics", "GET", API + "/logged-models/" + model)
call("lx_get_run_with_outputs", "GET", API + "/runs/get", query={"run_id": run})
call("lx_search_by_experiment", "POST", API + "/logged-models/search", {"experiment_ids": [exp], "max_results": 100})
call("lx_search_empty_experiment", "POST", API + "/logged-models/search", {"experiment_ids": ["0"], "max_results": 1})
call("lx_log_outputs_unknown_model", "POST", API + "/runs/outputs",
     {"run_id": run, "models": [{"model_id": "m-0123456789abcdef0123456789abcdef", "step": 0}]})
call("lx_log_outputs_unknown_run", "POST", API + "/runs/outputs",
     {"run_id": "0123456789abcdef0123456789abcdef", "models": [{"model_id": model, "step": 0}]})
second = call("lx_create_minimal", "POST", API + "/logged-models",
              {"experiment_id": exp, "name": "model", "source_run_id": run})["model"]["info"]["model_id"]
call("lx_finalize_upload_failed", "PATCH", API + "/logged-models/" + second,
     {"model_id": second, "status": "LOGGED_MODEL_UPLOAD_FAILED"})
call("lx_log_params", "POST", API + "/logged-models/" + second + "/params",
     {"model_id": second, "params": [{"key": "a", "value": "1"}]})
call("lx_err_log_params_changed_value", "POST", API + "/logged-models/" + second + "/params",
     {"model_id": second, "params": [{"key": "a", "value": "2"}]})
call("lx_err_get_unknown_model", "GET", API + "/logged-models/m-0123456789abcdef0123456789abcdef")
call("create_registered_model", "POST", API + "/registered-models/create", {"name": "logged-extra-model"})
call("lx_create_version_from_logged_model", "POST", API + "/model-versions/create",
     {"name": "logged-extra-model", "source": "models:/" + model, "run_id": run, "model_id": model, "tags": []})
call("lx_get_download_uri", "GET", API + "/model-versions/get-download-uri",
     query={"name": "logged-extra-model", "version": "1"})
call("lx_version_text", "GET", "/version")
with open(OUT, "w") as out:
    for exchange in exchanges:
        out.write(json.dumps(exchange) + "\n")
print(f"{len(exchanges)} exchanges written to {OUT}")
