"""Checks Headstart's exports with the tools that read them.

stdin: {"plans": PATH, "litellm": PATH, "terraform": PATH, "catalog": PATH}: `headstart plan --format json --explain` of
the plans (an array), either export of the same plans (or both), and the catalog YAML they were planned with.

LiteLLM: the config loads into LiteLLM's own Router (dummy secrets in the environment, no request sent); for every
workload placed today, LiteLLM's tag routing picks, for a request tagged with the workload, a deployment on the cloud and
region Headstart placed it on; every secret is an os.environ/ reference. Terraform: exactly one azurerm_cognitive_deployment
per Azure deployment in use, with the catalog's model name and version and the SKU of the offer the planner chose, and
its variables declared. Prints one line per check; exits 1 at the first failure.
"""
import asyncio
import json
import os
import re
import sys

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
import yaml  # noqa: E402

request = json.load(sys.stdin)
plans = json.load(open(request["plans"]))
plans = plans if isinstance(plans, list) else [plans]
catalog = yaml.safe_load(open(request["catalog"]))


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def check_litellm():
    config_text = open(request["litellm"]).read()
    config = yaml.safe_load(config_text)


    # Every secret is a reference, never a value.
    for entry in config["model_list"]:
        for key, value in entry["litellm_params"].items():
            if key in ("api_key", "api_base", "vertex_project") or key.startswith("oci_") and key != "oci_region":
                if not str(value).startswith("os.environ/"):
                    fail(f"{key} of {entry['model_name']} is a value, not an os.environ/ reference: {value}")
    # Dummy values for every referenced variable, each naming itself, so a resolved api_base says which it was.
    for name in set(re.findall(r"os\.environ/([A-Z0-9_]+)", config_text)):
        os.environ[name] = f"https://{name.lower()}.invalid/" if name.endswith("API_BASE") else f"dummy-{name.lower()}"
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "dummy")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "dummy")

    from litellm import Router  # noqa: E402

    router = Router(model_list=config["model_list"], **config.get("router_settings", {}))
    providers = {"azure": "azure/", "aws": "bedrock/", "gcp": "vertex_ai/", "oci": "oci/", "openai": "openai/"}


    def region_of(params, info, cloud):
        if cloud == "aws":
            return params.get("aws_region_name")
        if cloud == "gcp":
            return params.get("vertex_location")
        if cloud == "oci":
            return params.get("oci_region")
        base = str(params.get("api_base") or "")
        match = re.match(r"https://(azure|openai)_(.+)_api_base\.invalid/", base)
        # OpenAI's global processing has no regional endpoint: the region is only in model_info.
        return match.group(2).replace("_", "-") if match else info.get("headstart_region")


    workload_plans = {}
    for plan in plans:
        for r in plan["recommendations"]:
            workload_plans.setdefault(r["workload"], set()).add(plan["plan"])

    checked = 0
    for plan in plans:
        as_of = plan["asOf"]
        for r in plan["recommendations"]:
            current = [p for p in r["timeline"] if p["from"] <= as_of and (p["until"] is None or as_of < p["until"])]
            if not current:
                continue
            phase = current[0]
            tag = r["workload"] if len(workload_plans[r["workload"]]) == 1 else f"{plan['plan']}/{r['workload']}"
            chosen = router.select(r["capability"], {"metadata": {"tags": [tag]}})
            if asyncio.iscoroutine(chosen):
                chosen = asyncio.run(chosen)
            chosen = chosen[0] if isinstance(chosen, list) else chosen
            params, info = chosen["litellm_params"], chosen.get("model_info") or {}
            model = params["model"]
            if not model.startswith(providers[phase["cloud"]]):
                fail(f"{plan['plan']}/{r['workload']} {r['capability']}: LiteLLM chose {model}, Headstart placed it on {phase['cloud']}")
            region = region_of(params, info, phase["cloud"])
            if region != phase["region"]:
                fail(f"{plan['plan']}/{r['workload']} {r['capability']}: LiteLLM chose region {region}, Headstart placed it in {phase['region']}")
            checked += 1
            print(f"ok litellm {plan['plan']}/{r['workload']} {r['capability']} -> {model} {region}")
    if checked == 0:
        fail("no placement to check")
    return checked


# Terraform: one deployment per Azure deployment in use, as the catalog describes the offer the planner chose (the
# best-ranked candidate of that cloud and region available when the phase starts, from the explained plan).
def check_terraform():
    skus = {"global": "GlobalStandard", "zone": "DataZoneStandard", "regional": "Standard"}
    document = json.load(open(request["terraform"]))
    resources = document.get("resource", {}).get("azurerm_cognitive_deployment", {})
    variables = document.get("variable", {})
    expected = set()
    for plan in plans:
        for r in plan["recommendations"]:
            for p in r["timeline"]:
                if p["cloud"] != "azure" or not (p["from"] <= plan["asOf"] and (p["until"] is None or plan["asOf"] < p["until"])):
                    continue
                chosen = min((c for c in r["candidates"] if (c["capability"], c["cloud"], c["region"]) == (p["capability"], "azure", p["region"])
                              and c["availableFrom"] <= p["from"] and not c["overdue"]), key=lambda c: c["rank"])
                offer = next(o for o in catalog["capabilities"][p["capability"]]["offers"]
                             if o["cloud"] == "azure" and p["region"] in o["regions"] and o["processing"] == chosen["processing"])
                expected.add((p["region"], offer.get("model", p["capability"]), str(offer.get("modelVersion")), skus[chosen["processing"]]))
    found = set()
    for name, resource in resources.items():
        account = re.fullmatch(r"\$\{var\.(cognitive_account_id_[a-z0-9_]+)\}", resource["cognitive_account_id"])
        capacity = re.fullmatch(r"\$\{var\.(capacity_[a-z0-9_]+)\}", str(resource["sku"]["capacity"]))
        if not account or account.group(1) not in variables or not capacity or capacity.group(1) not in variables:
            fail(f"{name}: its account or capacity variable is not declared")
        if resource["model"]["format"] != "OpenAI":
            fail(f"{name}: model format {resource['model']['format']}")
        region = account.group(1)[len("cognitive_account_id_"):]
        key = (region, resource["model"]["name"], str(resource["model"].get("version")), resource["sku"]["name"])
        if key not in expected:
            fail(f"{name}: no Azure placement runs {key}; in use: {sorted(expected)}")
        found.add(key)
        print(f"ok terraform {name}: {key[1]} {key[2]} {key[3]} in {region}")
    if found != expected:
        fail(f"Azure deployments in use without a resource: {sorted(expected - found)}")
    return len(resources)


if "litellm" in request:
    checked = check_litellm()
    print(f"checked {checked} LiteLLM routes")
if "terraform" in request:
    print(f"checked {check_terraform()} Terraform deployments")
