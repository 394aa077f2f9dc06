"""Offline checks of deploy/: YAML/JSON syntax and that the manifests match the code.

    uv run --with pyyaml python deploy/validate.py

Checks that every file in deploy/k8s/base parses and is listed in kustomization.yaml (except
secret.example.yaml, which must not be), that every environment variable the manifests set is
a field of common.settings.Settings, that every Secret key a Deployment reads is in the
example, and the probes, ports, labels, security context and grace period of each Deployment.
It does not talk to a cluster; `kubectl kustomize deploy/k8s/base` renders the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

DEPLOY = Path(__file__).resolve().parent
BASE = DEPLOY / "k8s" / "base"
NOT_A_RESOURCE = {"kustomization.yaml", "secret.example.yaml"}
# In the ConfigMap for the platform team's reference; the services read the vhost from AMQP_URL.
REFERENCE_ONLY = {"AMQP_VHOST"}
SERVICES = ("gateway", "router", "blood", "volunteer", "donation", "support", "sender")

errors: list[str] = []


def fail(message: str) -> None:
    errors.append(message)


def load_all(path: Path) -> list[dict[str, Any]]:
    try:
        return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    except yaml.YAMLError as exc:
        fail(f"{path.relative_to(DEPLOY)}: not valid YAML: {exc}")
        return []


def settings_fields() -> set[str] | None:
    try:
        from common.settings import Settings
    except ImportError:
        print("note: common.settings not importable (run with `uv run` from the repository); "
              "environment names not checked against the code", file=sys.stderr)
        return None
    names = {name.upper() for name in Settings.model_fields}
    try:
        from sender.config import SenderConfig
    except ImportError:
        return names
    # The sender's own settings (SENDER_*), next to the shared ones.
    return names | {f"SENDER_{name.upper()}" for name in SenderConfig.model_fields}


def check_kustomization() -> None:
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = list(kustomization.get("resources", []))
    present = {p.name for p in BASE.glob("*.yaml")} - NOT_A_RESOURCE
    for name in sorted(present - set(listed)):
        fail(f"k8s/base/{name} exists but is not listed in kustomization.yaml resources")
    for name in listed:
        if not (BASE / name).is_file():
            fail(f"kustomization.yaml lists {name}, which does not exist")
    for name in NOT_A_RESOURCE & set(listed):
        fail(f"kustomization.yaml must not list {name}")
    if len(listed) != len(set(listed)):
        fail("kustomization.yaml lists a file twice")


def check_deployment(doc: dict[str, Any], config: dict[str, str], secret_keys: set[str],
                     fields: set[str] | None) -> None:
    name = doc["metadata"]["name"]
    labels = doc["metadata"].get("labels", {})
    pod = doc["spec"]["template"]
    if labels.get("app.kubernetes.io/part-of") != "kizilay-helpline" or not labels.get("owner"):
        fail(f"{name}: needs labels app.kubernetes.io/part-of=kizilay-helpline and owner")
    if pod["metadata"].get("labels") != labels:
        fail(f"{name}: pod template labels differ from the Deployment's")
    spec = pod["spec"]
    (container,) = spec["containers"]
    if container.get("args") != [name]:
        fail(f"{name}: container args should be [{name!r}] (python -m {name})")
    env = {e["name"]: e for e in container.get("env", [])}
    if env.get("SERVICE_NAME", {}).get("value") != name:
        fail(f"{name}: SERVICE_NAME should be {name}")
    if env.get("HTTP_HOST", {}).get("value") != "0.0.0.0":
        fail(f"{name}: HTTP_HOST should be 0.0.0.0")
    port = int(env.get("HTTP_PORT", {}).get("value", "0"))
    if [p["containerPort"] for p in container["ports"]] != [port]:
        fail(f"{name}: containerPort differs from HTTP_PORT")
    if pod["metadata"].get("annotations", {}).get("prometheus.io/port") != str(port):
        fail(f"{name}: prometheus.io/port differs from HTTP_PORT")
    for key, entry in env.items():
        if fields is not None and key not in fields:
            fail(f"{name}: sets {key}, which the services do not read")
        ref = entry.get("valueFrom", {}).get("secretKeyRef")
        if ref and ref.get("key") not in secret_keys:
            fail(f"{name}: reads Secret key {ref.get('key')}, missing from secret.example.yaml")
    if "MONGODB_URL" not in env and name != "gateway":
        fail(f"{name}: needs MONGODB_URL (only the gateway runs without a database)")
    if name == "gateway" and "WHATSAPP_APP_SECRET" not in env:
        fail("gateway: needs WHATSAPP_APP_SECRET (it refuses to start without it)")
    if name == "sender" and "WHATSAPP_ACCESS_TOKEN" not in env:
        fail("sender: needs WHATSAPP_ACCESS_TOKEN")
    if container["readinessProbe"]["httpGet"]["path"] != "/readyz":
        fail(f"{name}: readiness probe should be /readyz")
    if container["livenessProbe"]["httpGet"]["path"] != "/healthz":
        fail(f"{name}: liveness probe should be /healthz")
    drain = float(config.get("DRAIN_TIMEOUT_S", "20"))
    if spec.get("terminationGracePeriodSeconds", 30) <= drain:
        fail(f"{name}: terminationGracePeriodSeconds must exceed DRAIN_TIMEOUT_S ({drain:g})")
    pod_sc, sc = spec.get("securityContext", {}), container.get("securityContext", {})
    if not pod_sc.get("runAsNonRoot") or not sc.get("readOnlyRootFilesystem") \
            or sc.get("allowPrivilegeEscalation") is not False:
        fail(f"{name}: needs runAsNonRoot, readOnlyRootFilesystem and allowPrivilegeEscalation: false")
    staff_dir = str(Path(config.get("STAFF_TOKENS_FILE", "")).parent)
    mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
    mount = mounts.get(staff_dir)
    if mount is None or not mount.get("readOnly") or "subPath" in mount:
        fail(f"{name}: the staff token Secret must be mounted read-only at {staff_dir}, without subPath")
    if not container.get("resources", {}).get("requests") or not container["resources"].get("limits"):
        fail(f"{name}: needs resource requests and limits")


def main() -> int:
    for path in sorted(BASE.glob("*.yaml")):
        load_all(path)
    try:
        json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text(encoding="utf-8"))
    except ValueError as exc:
        fail(f"rabbitmq/definitions.json: not valid JSON: {exc}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    check_kustomization()
    fields = settings_fields()

    docs = [doc for name in yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))["resources"]
            if (BASE / name).is_file() for doc in load_all(BASE / name)]
    (config_map,) = [d for d in docs if d["kind"] == "ConfigMap"]
    config = {k: str(v) for k, v in config_map["data"].items()}
    if fields is not None:
        for key in sorted(set(config) - fields - REFERENCE_ONLY):
            fail(f"ConfigMap sets {key}, which the services do not read")
    secrets = {d["metadata"]["name"]: d for d in load_all(BASE / "secret.example.yaml")}
    secret_keys = set(secrets.get("helpline-secrets", {}).get("stringData", {}))
    if "helpline-staff-tokens" not in secrets:
        fail("secret.example.yaml: missing the helpline-staff-tokens Secret")
    elif Path(config["STAFF_TOKENS_FILE"]).name not in secrets["helpline-staff-tokens"].get("stringData", {}):
        fail("secret.example.yaml: helpline-staff-tokens lacks the file STAFF_TOKENS_FILE names")
    if fields is not None:
        for key in sorted(secret_keys - fields):
            fail(f"secret.example.yaml sets {key}, which the services do not read")

    deployments = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    services = {d["metadata"]["name"] for d in docs if d["kind"] == "Service"}
    budgets = {d["metadata"]["name"] for d in docs if d["kind"] == "PodDisruptionBudget"}
    for name in SERVICES:
        if name not in deployments or name not in services or name not in budgets:
            fail(f"{name}: needs a Deployment, a Service and a PodDisruptionBudget")
    for doc in deployments.values():
        check_deployment(doc, config, secret_keys, fields)
    for ingress in (d for d in docs if d["kind"] == "Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                if path["path"] != "/webhook" or path["backend"]["service"]["name"] != "gateway":
                    fail(f"Ingress exposes {path['path']} -> {path['backend']['service']['name']}; "
                         "only the gateway's /webhook is public")

    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    print(f"deploy/ OK: {len(docs)} resources, {len(deployments)} Deployments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
