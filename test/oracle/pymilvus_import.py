"""Drives the emulator with pymilvus's own import functions and prints one JSON document.

Usage: python pymilvus_import.py '<json config>'
  mode "v2":   pymilvus >= 2.4.8 bulk_import -> get_import_progress (until a final state) ->
               list_import_jobs against `url` (Zilliz control plane or Milvus face)
  mode "v1":   pymilvus 2.4.7 (the v1 API): bulk_import -> get_import_progress with the import guide's
               `while readyPercentage < 1` loop (bounded here, and also ended by errorMessage) ->
               list_import_jobs
  mode "call": one bulk_import call; prints the exception text if pymilvus raises
"""

import json
import sys
import time

import pymilvus
from pymilvus.bulk_writer import bulk_import, get_import_progress, list_import_jobs

cfg = json.loads(sys.argv[1])
mode = cfg["mode"]
deadline = time.time() + cfg.get("timeout", 60)


def v2():
    create = bulk_import(**cfg["create"]).json()
    job_id = create["data"]["jobId"]
    progress = None
    while time.time() < deadline:
        progress = get_import_progress(job_id=job_id, **cfg["progress"]).json()
        if progress["data"]["state"] in ("Completed", "Failed"):
            break
        time.sleep(0.05)
    listed = list_import_jobs(**cfg["list"]).json()
    return {"create": create, "progress": progress, "list": listed}


def v1():
    create = bulk_import(**cfg["create"]).json()
    job_id = create["data"]["jobId"]
    polls = []
    res = get_import_progress(job_id=job_id, **cfg["progress"]).json()
    polls.append(res["data"]["readyPercentage"])
    # The guide's loop, plus what it lacks: a deadline and an exit on errorMessage.
    while res["data"]["readyPercentage"] < 1 and res["data"]["errorMessage"] is None:
        if time.time() > deadline:
            break
        time.sleep(0.05)
        res = get_import_progress(job_id=job_id, **cfg["progress"]).json()
        polls.append(res["data"]["readyPercentage"])
    listed = list_import_jobs(**cfg["list"]).json()
    return {"create": create, "progress": res, "polls": polls, "list": listed}


def call():
    try:
        return {"ok": True, "response": bulk_import(**cfg["create"]).json()}
    except Exception as e:  # pymilvus raises MilvusException with the server's code and message
        return {"ok": False, "error": str(e)}


result = {"v2": v2, "v1": v1, "call": call}[mode]()
result["pymilvus"] = pymilvus.__version__
print(json.dumps(result))
