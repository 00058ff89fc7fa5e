#!/usr/bin/env python3
"""A small OpenAI-compatible worker that runs a tiny, randomly initialised transformer with PyTorch.

It stands in for vLLM on a machine that has an NVIDIA GPU and PyTorch but no vLLM and no model
weights: the emulator starts it through its command-template engine, gives it its GPUs with
CUDA_VISIBLE_DEVICES, and serves it like any other engine. It speaks the part of vLLM's API that
the emulator uses (see shared/spec/ENGINE.md): /health, /v1/models, /v1/chat/completions and
/v1/completions (plain and streamed, with the usage chunk), and /info, which says which GPUs the
process can see and how much memory it holds on them.

    python3 tiny_worker.py --model tiny --port 8000 [--host 127.0.0.1] [--served-model-name NAME]

The text it writes is a walk through a fixed vocabulary chosen by the network's logits, so it is
deterministic for a given prompt and reads as words, not as sense.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = (
    "the a moon night light river stone garden quiet story old young sky wind sea star song "
    "child mother father city road forest mountain silver golden small bright dark slow fast "
    "walked sang dreamed waited found lost carried opened watched remembered whispered rose fell "
    "over under through beside toward across and but so then while when because every each "
    "morning evening winter summer rain snow fire water bread house door window bridge lantern "
    "boat harbour island valley meadow hill cloud shadow flame feather letter voice heart hand "
    "far near soft warm cold gentle long short new first last other same kind wise brave"
).split()
PUNCT = [".", ","]
VOCAB = WORDS + PUNCT
EOS = len(VOCAB)  # one id past the words: the end of a text


def tokenize(text):
    """Maps each whitespace-separated word onto the vocabulary by a stable hash."""
    ids = []
    for word in text.lower().split():
        ids.append(sum(ord(c) * 31 ** i for i, c in enumerate(word)) % len(VOCAB))
    return ids or [0]


def detokenize(ids):
    out = []
    for i in ids:
        word = VOCAB[i]
        if word in PUNCT and out:
            out[-1] += word
        else:
            out.append(word)
    return out


class TinyModel:
    def __init__(self):
        import torch
        from transformers import LlamaConfig, LlamaForCausalLM

        self.torch = torch
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        torch.manual_seed(1234)
        config = LlamaConfig(
            vocab_size=len(VOCAB) + 1,
            hidden_size=256,
            intermediate_size=512,
            num_hidden_layers=4,
            num_attention_heads=4,
            num_key_value_heads=4,
            max_position_embeddings=2048,
        )
        dtype = torch.bfloat16 if self.device.type == "cuda" else torch.float32
        self.model = LlamaForCausalLM(config).to(device=self.device, dtype=dtype).eval()
        self.lock = threading.Lock()

    def generate(self, prompt_ids, max_tokens, stop_check):
        """Yields token ids one at a time, greedily, until max_tokens, EOS, or stop_check says stop."""
        torch = self.torch
        ids = torch.tensor([prompt_ids[-512:]], device=self.device)
        past = None
        produced = 0
        with torch.no_grad():
            while produced < max_tokens:
                with self.lock:
                    out = self.model(input_ids=ids if past is None else ids[:, -1:],
                                     past_key_values=past, use_cache=True)
                past = out.past_key_values
                logits = out.logits[0, -1].float()
                # A random network rarely ends on its own: end after a natural length instead.
                if produced >= 24:
                    logits[EOS] += 8.0
                nxt = int(torch.argmax(logits))
                if nxt == EOS:
                    return
                produced += 1
                yield nxt
                if stop_check():
                    return
                ids = torch.cat([ids, torch.tensor([[nxt]], device=self.device)], dim=1)

    def info(self):
        torch = self.torch
        cuda = torch.cuda.is_available()
        return {
            "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES"),
            "device": str(self.device),
            "device_count": torch.cuda.device_count() if cuda else 0,
            "devices": [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())] if cuda else [],
            "memory_allocated_bytes": torch.cuda.memory_allocated() if cuda else 0,
            "pid": os.getpid(),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?")
    parser.add_argument("--model", dest="model_flag")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--served-model-name")
    args, unknown = parser.parse_known_args()
    model_name = args.model or args.model_flag or "tiny"
    served = args.served_model_name or model_name
    if unknown:
        print(f"ignoring arguments: {' '.join(unknown)}", flush=True)

    print(f"loading a tiny random transformer for {served} "
          f"(CUDA_VISIBLE_DEVICES={os.environ.get('CUDA_VISIBLE_DEVICES')})", flush=True)
    started = time.time()
    engine = TinyModel()
    print(f"model on {engine.device} in {time.time() - started:.1f}s: {json.dumps(engine.info())}", flush=True)
    created = int(time.time())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            print("%s %s" % (self.address_string(), fmt % a), flush=True)

        def send_json(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def error(self, status, message, kind, param=None):
            self.send_json(status, {"error": {"message": message, "type": kind, "param": param, "code": status}})

        def do_GET(self):
            if self.path == "/health":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/v1/models":
                self.send_json(200, {"object": "list", "data": [{
                    "id": served, "object": "model", "created": created, "owned_by": "jls",
                    "root": model_name, "parent": None, "max_model_len": 2048}]})
            elif self.path == "/info":
                self.send_json(200, engine.info())
            else:
                self.error(404, f"no route {self.path}", "NotFoundError")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError as e:
                return self.error(400, f"the body is not JSON: {e}", "BadRequestError")
            chat = self.path == "/v1/chat/completions"
            if not chat and self.path != "/v1/completions":
                return self.error(404, f"no route {self.path}", "NotFoundError")
            model = body.get("model") or served
            if model not in (served, model_name):
                return self.error(404, f"The model `{model}` does not exist.", "NotFoundError", "model")
            if chat:
                messages = body.get("messages")
                if not isinstance(messages, list) or not messages:
                    return self.error(400, "messages: a non-empty list is required", "BadRequestError", "messages")
                text = " ".join(str(m.get("content") or "") for m in messages if isinstance(m, dict))
            else:
                prompt = body.get("prompt")
                text = " ".join(prompt) if isinstance(prompt, list) else str(prompt or "")
            max_tokens = body.get("max_completion_tokens") or body.get("max_tokens") or (64 if chat else 16)
            prompt_ids = tokenize(text)
            stream = bool(body.get("stream"))
            usage_wanted = body.get("stream_options") is not None
            rid = ("chatcmpl-" if chat else "cmpl-") + uuid.uuid4().hex
            obj = "chat.completion" if chat else "text_completion"
            if not stream:
                words = detokenize(list(engine.generate(prompt_ids, max_tokens, lambda: False)))
                n = len(words)
                finish = "length" if n >= max_tokens else "stop"
                content = " ".join(words)
                choice = ({"index": 0, "message": {"role": "assistant", "content": content, "reasoning": None,
                                                   "tool_calls": []}} if chat
                          else {"index": 0, "text": content})
                choice.update({"logprobs": None, "finish_reason": finish, "stop_reason": None})
                return self.send_json(200, {"id": rid, "object": obj, "created": int(time.time()), "model": model,
                                            "choices": [choice], "usage": {"prompt_tokens": len(prompt_ids),
                                            "total_tokens": len(prompt_ids) + n, "completion_tokens": n}})
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk_obj = obj + ".chunk" if chat else obj

            def send(payload):
                self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
                self.wfile.flush()

            def chunk(delta_text, finish=None, first=False):
                if chat:
                    delta = {"role": "assistant", "content": ""} if first else {"content": delta_text}
                    c = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                else:
                    c = {"index": 0, "text": delta_text, "logprobs": None, "finish_reason": finish}
                if finish is not None:
                    c["stop_reason"] = None
                return {"id": rid, "object": chunk_obj, "created": int(time.time()), "model": model, "choices": [c]}

            try:
                if chat:
                    send(chunk("", first=True))
                n = 0
                for tid in engine.generate(prompt_ids, max_tokens, lambda: False):
                    word = VOCAB[tid]
                    send(chunk(word if n == 0 or word in PUNCT else " " + word))
                    n += 1
                send(chunk("", finish="length" if n >= max_tokens else "stop"))
                if usage_wanted:
                    send({"id": rid, "object": chunk_obj, "created": int(time.time()), "model": model, "choices": [],
                          "usage": {"prompt_tokens": len(prompt_ids), "total_tokens": len(prompt_ids) + n,
                                    "completion_tokens": n}})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                print(f"{rid}: client went away", flush=True)
            self.close_connection = True

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True

    def stop(signum, frame):
        print(f"signal {signum}: stopping", flush=True)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"serving {served} on http://{args.host}:{args.port}", flush=True)
    server.serve_forever()
    print("stopped", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
