#!/usr/bin/env python3
"""Runs the whole jls stack on a machine with an NVIDIA GPU, and checks it end to end.

Needs: python3 with PyTorch and transformers, nvidia-smi, and what prepare.sh builds into
.gpu-carry/ (a small Java runtime and the emulator's jar). Needs no vLLM and no network.

    python3 scripts/gpu-check/check.py [--carry .gpu-carry] [--timeout 240]

It starts the emulator with real nvidia-smi discovery and the command-template engine running
samples/gpu-worker/tiny_worker.py as each worker, creates a deployment on the discovered GPU type,
and checks that: the GPU type was discovered; the worker sees exactly the GPU it was given; a
submitted request and an OpenAI-route stream complete through the emulator; and after scale to zero
the worker's process is gone and the GPU's memory is free again. Exit 0 when every check passed.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))
    print(f"[{'PASS' if ok else 'FAIL'}] {name}" + (f": {detail}" if detail else ""), flush=True)
    return ok


def smi(query, what="--query-gpu"):
    out = subprocess.run(["nvidia-smi", f"{what}={query}", "--format=csv,noheader,nounits"],
                         capture_output=True, text=True, timeout=30)
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, base, key):
        self.base, self.key = base, key

    def call(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.key}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                return resp.status, resp.headers, raw
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, method, path, body=None, timeout=60):
        status, _, raw = self.call(method, path, body, timeout)
        return status, (json.loads(raw) if raw and raw[:1] in (b"{", b"[") else raw.decode(errors="replace"))


def wait_for(what, predicate, timeout, interval=0.5):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--carry", default=os.path.join(ROOT, ".gpu-carry"))
    parser.add_argument("--timeout", type=int, default=240, help="seconds for the whole check")
    args = parser.parse_args()
    started = time.time()

    print(f"date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", flush=True)
    gpus = smi("index,uuid,name,memory.total,memory.used")
    print("nvidia-smi:", *gpus, sep="\n  ", flush=True)
    name = gpus[0].split(",")[2].strip()
    baseline_used = int(gpus[0].split(",")[4])

    java = os.path.join(args.carry, "jre", "bin", "java")
    jar = os.path.join(args.carry, "jls-emulator.jar")
    worker = os.path.join(ROOT, "samples", "gpu-worker", "tiny_worker.py")
    template = (f"vllm={sys.executable} {worker} {{model}} --host {{host}} --port {{port}} "
                f"--served-model-name {{served_model_name}}")
    port, key = free_port(), "gpu-check-" + secrets.token_hex(8)
    log = open(os.path.join(args.carry, "emulator.log"), "w")
    emulator = subprocess.Popen([java, "-jar", jar, "--port", str(port), "--api-key", key,
                                 "--engine-command", template],
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    api = Api(f"http://127.0.0.1:{port}", key)
    dep = None
    try:
        def healthy():
            if emulator.poll() is not None:
                raise RuntimeError(f"the emulator exited with {emulator.returncode}; see emulator.log")
            try:
                return api.call("GET", "/healthz", timeout=2)[0] == 200
            except OSError:  # not listening yet
                return False
        wait_for("the emulator's /healthz", healthy, 60)
        print(f"emulator up on {api.base} after {time.time() - started:.1f}s", flush=True)

        _, metrics = api.json("GET", "/metrics")
        gpu_lines = [l for l in str(metrics).splitlines() if "gpu" in l.lower() and not l.startswith("#")]
        print("GPU pool in /metrics:", *gpu_lines, sep="\n  ", flush=True)
        short = "H200" if "H200" in name else "H100" if "H100" in name else name.split()[-1]
        check("GPU type discovered from nvidia-smi", any(short in l for l in gpu_lines),
              f"{name} -> {short}")

        status, body = api.json("POST", "/management/create", {
            "name": "gpu-check", "framework": "vllm", "gpus_to_use": {"gpus": [short.lower()]},
            "gpus_per_worker": 1, "min_workers": 0, "max_workers": 1, "concurrent_requests": 4,
            "idle_timeout": 8, "wait_time": 120, "storage": 50,
            "args": {"model": "tiny-llama", "served-model-name": "tiny"}})
        check("deployment created", status == 200, str(body))
        dep = body["deployment_id"]
        wait_for("running", lambda: api.json("GET", f"/management/{dep}/status")[1].get("status") == "running", 30)

        t0 = time.time()
        status, body = api.json("POST", f"/deployment/{dep}/v1/chat/completions",
                                {"input": {"model": "tiny", "max_tokens": 24,
                                           "messages": [{"role": "user", "content": "tell me a story of the moon"}]}})
        rid = body["id"]

        def fetched():
            s, b = api.json("GET", f"/deployment/{dep}/{rid}?wait=30", timeout=45)
            return b if s == 200 else None
        answer = wait_for("the submitted request", fetched, 180)
        content = answer.get("choices", [{}])[0].get("message", {}).get("content", "")
        check("submitted request completed (cold start included)",
              answer.get("object") == "chat.completion" and content, f"{time.time() - t0:.1f}s: {content[:80]!r}")

        _, record = api.json("GET", f"/management/{dep}")
        workers = [w for w in record["workers"]["list"] if w.get("port")]
        w = workers[0]
        print(f"worker: {json.dumps(w)}", flush=True)
        with urllib.request.urlopen(f"http://127.0.0.1:{w['port']}/info", timeout=10) as r:
            info = json.loads(r.read())
        print(f"worker /info: {json.dumps(info)}", flush=True)
        given = ",".join(str(g) for g in w.get("gpus", []))
        check("worker sees exactly its GPU",
              info["cuda_visible_devices"] == given and info["device_count"] == 1 and info["device"] == "cuda",
              f"CUDA_VISIBLE_DEVICES={info['cuda_visible_devices']} gpus={given} visible={info['devices']}")
        # Inside some sandboxes nvidia-smi lists no compute apps, so memory.used is what is checked.
        apps = smi("pid,used_memory", "--query-compute-apps")
        print("compute apps while serving:", *(apps or ["(none listed)"]), sep="\n  ", flush=True)
        serving_used = int(smi("memory.used")[0])
        check("worker holds GPU memory while serving", serving_used > baseline_used,
              f"memory.used {serving_used} MiB (before: {baseline_used} MiB)")

        req = urllib.request.Request(f"{api.base}/openai/{dep}/v1/chat/completions", method="POST",
                                     data=json.dumps({"model": "tiny", "stream": True, "stream_options": {},
                                                      "max_tokens": 16, "messages": [
                                                          {"role": "user", "content": "a song of rivers"}]}).encode())
        req.add_header("Authorization", f"Bearer {key}")
        req.add_header("Content-Type", "application/json")
        chunks, text, done, usage = 0, "", False, None
        with urllib.request.urlopen(req, timeout=60) as r:
            for raw in r:
                line = raw.decode().strip()
                if not line.startswith("data: "):
                    continue
                if line == "data: [DONE]":
                    done = True
                    break
                event = json.loads(line[6:])
                chunks += 1
                usage = event.get("usage") or usage
                for c in event.get("choices", []):
                    text += c.get("delta", {}).get("content") or ""
        check("stream through the OpenAI route completed", done and chunks > 2 and usage,
              f"{chunks} chunks, usage {usage}, {text[:60]!r}")

        def scaled_to_zero():
            _, rec = api.json("GET", f"/management/{dep}")
            return rec["workers"]["total"] == 0
        t0 = time.time()
        wait_for("scale to zero", scaled_to_zero, 90)
        print(f"scaled to zero {time.time() - t0:.1f}s after the last request", flush=True)

        def process_gone():
            try:
                with open(f"/proc/{w['pid']}/stat") as f:
                    return f.read().split()[2] == "Z"  # a zombie holds no memory
            except FileNotFoundError:
                return True
        try:
            wait_for(f"worker process {w['pid']} to end", process_gone, 30)
            check("worker process gone after scale to zero", True, f"pid {w['pid']}")
        except TimeoutError as e:
            check("worker process gone after scale to zero", False, str(e))

        def memory_free():
            used_now = int(smi("memory.used")[0])
            return (used_now,) if used_now <= baseline_used + 64 else None
        try:
            (used_now,) = wait_for("GPU memory to be released", memory_free, 30)
            check("GPU memory free again after scale to zero", True,
                  f"memory.used {used_now} MiB (before: {baseline_used} MiB; serving: {serving_used} MiB)")
        except TimeoutError as e:
            check("GPU memory free again after scale to zero", False, str(e))

        status, _ = api.json("DELETE", f"/management/{dep}")
        dep = None
        check("deployment deleted", status == 200)
    except Exception as e:  # a failed step is a failed check, and the emulator still gets stopped
        check("no unexpected error", False, f"{type(e).__name__}: {e}")
    finally:
        if dep:
            api.call("DELETE", f"/management/{dep}")
        emulator.send_signal(signal.SIGTERM)
        try:
            emulator.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(emulator.pid, signal.SIGKILL)
        log.close()
        left = subprocess.run(["pgrep", "-f", "tiny_worker.py"], capture_output=True, text=True).stdout.split()
        check("no worker process left after the emulator stopped", not left, " ".join(left))

    print("\nemulator log (last 30 lines):")
    with open(os.path.join(args.carry, "emulator.log")) as f:
        for line in f.readlines()[-30:]:
            print("  " + line.rstrip())
    passed = sum(ok for _, ok, _ in results)
    print(f"\n{passed} passed, {len(results) - passed} failed ({time.time() - started:.0f}s, {name})")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
